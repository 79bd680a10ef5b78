using Eggroll.Models;
using Eggroll.Mujoco.Environments;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Rl;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Mujoco;

/// <summary>
/// The MuJoCo robots as <see cref="EnvironmentInfo"/>s: Gymnasium's reward thresholds as solved thresholds,
/// and <c>train rl</c> defaults (the paper's 3 × 256 policy, tanh). <see cref="Register"/> adds them to <see cref="EnvironmentRegistry"/>.
/// </summary>
public static class MujocoEnvironments
{
    private static readonly Lock RegisterLock = new();

    /// <summary>The MuJoCo environments, in a fixed order.</summary>
    public static IReadOnlyList<EnvironmentInfo> All { get; } =
    [
        new(InvertedDoublePendulum.Name, () => new InvertedDoublePendulum(), 9100, Defaults(InvertedDoublePendulum.Name, population: 128, epochs: 300)),
        new(Hopper.Name, () => new Hopper(), 3800, Defaults(Hopper.Name, population: 256, epochs: 1000)),
        new(HalfCheetah.Name, () => new HalfCheetah(), 4800, Defaults(HalfCheetah.Name, population: 256, epochs: 1000)),
        new(Ant.Name, () => new Ant(), 6000, Defaults(Ant.Name, population: 256, epochs: 1000)),
    ];

    /// <summary>Adds every environment of <see cref="All"/> to <see cref="EnvironmentRegistry"/> that it does not hold yet; needs no native library.</summary>
    public static void Register()
    {
        lock (RegisterLock)
        {
            foreach (var environment in All.Where(e => EnvironmentRegistry.Find(e.Name) is null))
            {
                EnvironmentRegistry.Add(environment);
            }
        }
    }

    private static RlRunConfig Defaults(string name, int population, int epochs) => new()
    {
        Env = new RlEnvironmentConfig { Name = name, EpisodesPerMember = 1, NormalizeObservations = true },
        Model = new ModelConfig { Hidden = [256, 256, 256], Activation = ActivationKind.Tanh },
        Evolution = new EvolutionConfig { Strategy = StrategyKind.Eggroll, Rank = 1, Population = population, Sigma = 0.02f },
        Optimizer = new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = 0.005f },
        Training = new TrainingConfig { Epochs = epochs, CheckpointEvery = 50 },
    };
}
