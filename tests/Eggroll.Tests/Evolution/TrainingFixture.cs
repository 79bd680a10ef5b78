using Eggroll.Noise;
using Eggroll.Models;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tests.Evolution;

/// <summary>A small MLP on the built-in regression task, set up the same way each time.</summary>
internal sealed class TrainingFixture
{
    public TrainingFixture(StrategyKind strategy = StrategyKind.Eggroll, int rank = 1, int population = 64, Func<IObjective, IObjective>? wrapObjective = null, OptimizerConfig? optimizer = null, int noiseTable = 0, NoiseDistribution noise = NoiseDistribution.Gaussian)
    {
        (Train, Test) = SyntheticData.Create(SyntheticTask.Regression, 2048, 512, 3);
        Model = new Model(Mlp.Create([4, 16, 16, 1], ActivationKind.Tanh, seed: 3));
        IObjective objective = new SupervisedObjective(Model, Train, rowsPerMember: 16);
        Objective = wrapObjective?.Invoke(objective) ?? objective;
        Options = new TrainerOptions
        {
            Seed = 11,
            Evolution = new EvolutionConfig { Strategy = strategy, Rank = rank, Population = population, Sigma = 0.05f, NoiseTable = noiseTable, Noise = noise },
            Optimizer = optimizer ?? new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = 0.02f },
        };
        Trainer = new Trainer(Model, Objective, Options);
    }

    public SupervisedDataset Train { get; }

    public SupervisedDataset Test { get; }

    public Model Model { get; }

    public IObjective Objective { get; }

    public TrainerOptions Options { get; }

    public Trainer Trainer { get; }

    public double TestLoss() => SupervisedEvaluation.Evaluate(Model, Test).Loss;

    public void Run(int epochs)
    {
        for (int i = 0; i < epochs; i++)
        {
            Trainer.RunEpoch();
        }
    }

    public float[][] Snapshot() => Model.Parameters.Entries.Select(e => e.Parameter.Value.ToArray()).ToArray();
}
