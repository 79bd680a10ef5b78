using Eggroll.Models;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tests.Rl;

/// <summary>A small CartPole run with observation normalisation, for determinism and checkpoint tests.</summary>
internal sealed class RlTrainingFixture
{
    public RlTrainingFixture(StrategyKind strategy = StrategyKind.Eggroll)
    {
        Policy = Policy.CreateMlp(new CartPole(), [8], ActivationKind.Tanh, seed: 3, ActionSquash.Tanh, normalizeObservations: true);
        Objective = new RlObjective(Policy, () => new CartPole(), episodesPerMember: 2);
        Trainer = new Trainer(Policy.Model, Objective, new TrainerOptions
        {
            Seed = 5,
            Evolution = new EvolutionConfig { Strategy = strategy, Population = 16, Sigma = 0.1f },
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = 0.05f },
        });
    }

    public Policy Policy { get; }

    public RlObjective Objective { get; }

    public Trainer Trainer { get; }

    public void Run(int epochs)
    {
        while (Trainer.Epoch < epochs)
        {
            Trainer.RunEpoch();
        }
    }

    /// <summary>Parameters followed by the normaliser's state.</summary>
    public float[] Snapshot() =>
        [.. Policy.Model.Parameters.Entries.SelectMany(e => e.Parameter.Value), .. Objective.StateTensors().SelectMany(s => s.Values)];
}
