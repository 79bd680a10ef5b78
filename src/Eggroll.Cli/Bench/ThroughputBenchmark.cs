using Eggroll.Models;
using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Cli.Bench;

/// <summary>
/// The Figure 2a analogue: rows per second of plain batched inference of a stack of Linear
/// layers, against one full training epoch (perturbed forward of every member's rows,
/// shaping, update, optimiser step) of EGGROLL (with <paramref name="noise"/>) and of OpenES (Gaussian) on the same rows.
/// </summary>
internal sealed class ThroughputBenchmark(int layers, int width, int warmup, int repeats, NoiseDistribution noise)
{
    private const float Sigma = 0.01f;

    public ThroughputResult Measure(ThroughputSetting setting, bool withOpenEs, double? openEsRowsPerSecond)
    {
        int rows = setting.Population * setting.RowsPerMember;
        var data = RandomData(Math.Max(setting.RowsPerMember, 64));
        var model = CreateModel();
        var batch = new Matrix(rows, width);
        for (int i = 0; i < rows; i++)
        {
            data.Inputs.Row(i % data.Count).CopyTo(batch.Row(i));
        }

        var inferenceContext = ForwardContext.Unperturbed(rows);
        var eggrollTrainer = CreateTrainer(model, data, setting, StrategyKind.Eggroll);
        double[][] runs = Timing.Runs([() => model.Forward(batch, inferenceContext), () => eggrollTrainer.Step()], warmup, repeats);
        double inference = Timing.Median(runs[0]), eggroll = Timing.Median(runs[1]);
        double eggrollPercent = Timing.MedianPercentOf(runs[0], runs[1]);
        double? openEs = openEsRowsPerSecond;
        if (withOpenEs && openEs is null)
        {
            var openEsTrainer = CreateTrainer(CreateModel(), data, setting, StrategyKind.OpenEs);
            openEs = rows / Timing.MedianSeconds(() => openEsTrainer.Step(), warmup, Math.Max(1, repeats / 2));
        }

        return new ThroughputResult(setting.Population, setting.RowsPerMember, setting.Rank, rows / inference, rows / eggroll, eggrollPercent, openEs);
    }

    private Trainer CreateTrainer(Model model, SupervisedDataset data, ThroughputSetting setting, StrategyKind strategy) =>
        new(model, new SupervisedObjective(model, data, setting.RowsPerMember), new TrainerOptions
        {
            Seed = 1,
            Evolution = new EvolutionConfig { Strategy = strategy, Rank = setting.Rank, Population = setting.Population, Sigma = Sigma, Noise = strategy == StrategyKind.Eggroll ? noise : NoiseDistribution.Gaussian },
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.Sgd, LearningRate = 1e-6f },
        });

    private Model CreateModel() => new(Mlp.Create(Enumerable.Repeat(width, layers + 1).ToArray(), ActivationKind.Relu, seed: 1));

    private SupervisedDataset RandomData(int count)
    {
        var inputs = new Matrix(count, width, Enumerable.Range(0, count * width).Select(i => (float)Math.Sin(i * 0.37)).ToArray());
        var targets = new Matrix(count, width, Enumerable.Range(0, count * width).Select(i => (float)Math.Cos(i * 0.11)).ToArray());
        return new SupervisedDataset(inputs, targets, SupervisedLoss.MeanSquaredError);
    }
}
