using Eggroll.Models;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Rl.Environments.Jumanji;
using Eggroll.Tasks.Rl.Environments.MiniGrid;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tasks.Rl;

/// <summary>
/// Default hyper-parameters of <c>eggroll train rl</c> per environment. For the classic-control tasks
/// they are chosen so that EGGROLL (rank 1) reaches the environment's target on two cores (measured
/// results in docs/rl.md); the grid and puzzle tasks use the paper's 3 × 256 policy with starting
/// values not yet tuned to their thresholds (docs/environments.md).
/// </summary>
public static class RlDefaults
{
    /// <summary>The default config of the environment called <paramref name="name"/> (a Gymnasium id known to <see cref="Eggroll.Tasks.Rl.EnvironmentRegistry"/>): its <see cref="EnvironmentInfo.Defaults"/> when it has some.</summary>
    public static RlRunConfig For(string name) => EnvironmentRegistry.Find(name)?.Defaults ?? name switch
    {
        CartPole.Name => Make(name, hidden: [16], population: 32, sigma: 0.1f, learningRate: 0.05f, episodes: 2, epochs: 60, normalize: false),
        Pendulum.Name => Make(name, hidden: [32, 32], population: 128, sigma: 0.1f, learningRate: 0.05f, episodes: 4, epochs: 500, normalize: false, activation: ActivationKind.Relu),
        Acrobot.Name => Make(name, hidden: [32], population: 64, sigma: 0.1f, learningRate: 0.05f, episodes: 2, epochs: 100, normalize: false),
        MountainCar.Name => Make(name, hidden: [16], population: 64, sigma: 0.1f, learningRate: 0.05f, episodes: 2, epochs: 200, normalize: true),
        MountainCarContinuous.Name => Make(name, hidden: [16], population: 64, sigma: 0.1f, learningRate: 0.05f, episodes: 1, epochs: 100, normalize: true),
        DoorKey.Name or FourRooms.Name or DynamicObstacles.Name or Game2048.Name => PaperTask(name, episodes: 4, normalize: true),
        Knapsack.Name => PaperTask(name, episodes: 4, normalize: false),
        Snake.Name => PaperTask(name, episodes: 2, normalize: false),
        _ => throw new ConfigException("env.name", $"unknown environment '{name}'; use one of {Eggroll.Tasks.Rl.EnvironmentRegistry.Names}."),
    };

    /// <summary>
    /// The PPO defaults for the environment called <paramref name="name"/>: CleanRL's <c>ppo.py</c> for discrete
    /// actions (4 envs × 128 steps, lr 2.5e-4, 500k steps) and <c>ppo_continuous_action.py</c> for box actions
    /// (1 env × 2048 steps, lr 3e-4, 32 minibatches, 10 passes, no entropy bonus, observation and reward
    /// normalisation, 1M steps); 64-64 tanh networks, Adam with ε = 1e-5.
    /// </summary>
    public static RlRunConfig ForPpo(string name)
    {
        var evolution = For(name);
        bool continuous = EnvironmentRegistry.Find(name)!.Create().ActionSpace is BoxSpace;
        var ppo = continuous
            ? new Ppo.PpoConfig { Envs = 1, Steps = 2048, Minibatches = 32, UpdateEpochs = 10, EntropyCoefficient = 0f, NormalizeObservations = true, NormalizeRewards = true }
            : new Ppo.PpoConfig();
        long steps = continuous ? 1_000_000 : 500_000;
        return evolution with
        {
            Method = RlMethod.Ppo,
            Env = evolution.Env with { NormalizeObservations = false, Squash = ActionSquash.Clip },
            Model = new ModelConfig { Hidden = [64, 64], Activation = ActivationKind.Tanh },
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = continuous ? 3e-4f : 2.5e-4f, Epsilon = 1e-5f },
            Ppo = ppo,
            Training = evolution.Training with { Epochs = (int)(steps / ppo.BatchSize), CheckpointEvery = 50 },
        };
    }

    /// <summary>
    /// A grid or puzzle task (MiniGrid, Jumanji) with the paper's policy, an MLP of three hidden layers of 256;
    /// observation normalisation where the inputs have different scales (MiniGrid's object, colour, state and
    /// direction codes; 2048's exponents beside its 0/1 action mask), not where they already lie in [0, 1].
    /// </summary>
    private static RlRunConfig PaperTask(string name, int episodes, bool normalize) =>
        Make(name, hidden: [256, 256, 256], population: 128, sigma: 0.05f, learningRate: 0.02f, episodes, epochs: 200, normalize);

    private static RlRunConfig Make(string name, int[] hidden, int population, float sigma, float learningRate, int episodes, int epochs, bool normalize, ActivationKind activation = ActivationKind.Tanh) => new()
    {
        Env = new RlEnvironmentConfig { Name = name, EpisodesPerMember = episodes, NormalizeObservations = normalize },
        Model = new ModelConfig { Hidden = hidden, Activation = activation },
        Evolution = new EvolutionConfig { Strategy = StrategyKind.Eggroll, Rank = 1, Population = population, Sigma = sigma },
        Optimizer = new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = learningRate },
        Training = new TrainingConfig { Epochs = epochs, CheckpointEvery = 50 },
    };
}
