using BenchmarkDotNet.Attributes;
using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Benchmarks;

/// <summary>
/// One training epoch of a 256→1024→1024→256 ReLU MLP over N = 1024 members × T = 16 rows
/// (16384 rows), for EGGROLL and OpenES, against a plain forward of the same number of rows.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 9)]
public class EpochBenchmarks
{
    private const int Members = 1024;
    private const int RowsPerMember = 16;
    private const int Rows = Members * RowsPerMember;
    private const float Sigma = 0.05f;
    private static readonly int[] Sizes = [256, 1024, 1024, 256];

    private Matrix inputs = new(1, 1);
    private Model inferenceModel = null!;
    private Trainer eggroll = null!;
    private Trainer openEs = null!;

    /// <summary>Rank r of the EGGROLL perturbations (OpenES and inference do not depend on it).</summary>
    [Params(1, 4)]
    public int Rank { get; set; }

    /// <summary>Builds deterministic random data, the models and both trainers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        inputs = Fill(Rows, Sizes[0], random);
        var targets = Fill(Rows, Sizes[^1], random);
        var data = new SupervisedDataset(inputs, targets, SupervisedLoss.MeanSquaredError);

        inferenceModel = CreateModel();
        eggroll = CreateTrainer(data, StrategyKind.Eggroll);
        openEs = CreateTrainer(data, StrategyKind.OpenEs);
    }

    /// <summary>Unperturbed forward of all 16384 rows.</summary>
    [Benchmark(Baseline = true)]
    public Matrix Inference() => inferenceModel.Forward(inputs, ForwardContext.Unperturbed(Rows));

    /// <summary>One EGGROLL epoch (<see cref="Trainer.Step"/>): noise, perturbed forward, shaping, update and optimiser step.</summary>
    [Benchmark]
    public void EggrollEpoch() => eggroll.Step();

    /// <summary>One OpenES epoch with full-rank noise regenerated where it is used.</summary>
    [Benchmark]
    public void OpenEsEpoch() => openEs.Step();

    private static Model CreateModel() => new(Mlp.Create(Sizes, ActivationKind.Relu, seed: 1));

    private Trainer CreateTrainer(SupervisedDataset data, StrategyKind strategy)
    {
        var model = CreateModel();
        var options = new TrainerOptions
        {
            Seed = 3,
            Evolution = new EvolutionConfig { Strategy = strategy, Rank = Rank, Population = Members, Sigma = Sigma },
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.Sgd, LearningRate = 0.01f },
        };
        return new Trainer(model, new SupervisedObjective(model, data, RowsPerMember), options);
    }

    private static Matrix Fill(int rows, int cols, Random random)
    {
        var matrix = new Matrix(rows, cols);
        var values = matrix.Data;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2.0 - 1.0);
        }

        return matrix;
    }
}
