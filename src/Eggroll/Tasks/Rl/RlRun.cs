using Eggroll.Tasks.Rl.Ppo;
using Eggroll.Training;

namespace Eggroll.Tasks.Rl;

/// <summary>The environment, policy, objective and trainer options an <see cref="RlRunConfig"/> describes, built deterministically from its seed.</summary>
public sealed class RlRun
{
    private RlRun(RlRunConfig config)
    {
        Config = config;
        Environment = EnvironmentRegistry.Find(config.Env.Name)!;
        Policy = Policy.CreateMlp(Environment.Create(), config.Model.Hidden, config.Model.Activation, (int)(config.Training.Seed % int.MaxValue), config.Env.Squash, config.Env.NormalizeObservations, config.Env.MaskActions);
        Objective = new RlObjective(Policy, Environment.Create, config.Env.EpisodesPerMember);
        TrainerOptions = new TrainerOptions { Seed = config.Training.Seed, Evolution = config.Evolution, Optimizer = config.Optimizer };
    }

    /// <summary>The config the run was built from.</summary>
    public RlRunConfig Config { get; }

    /// <summary>The environment named by <c>env.name</c>.</summary>
    public EnvironmentInfo Environment { get; }

    /// <summary>The policy being trained (its model, observation normaliser and action mapping).</summary>
    public Policy Policy { get; }

    /// <summary>The fitness: mean return over <c>env.episodesPerMember</c> episodes per member.</summary>
    public RlObjective Objective { get; }

    /// <summary>Seed, evolution and optimiser settings for a <see cref="Trainer"/> of <see cref="Policy"/>.</summary>
    public TrainerOptions TrainerOptions { get; }

    /// <summary>Builds the run <paramref name="config"/> describes (validate it first, e.g. with <see cref="RlConfigLoader"/>).</summary>
    public static RlRun Create(RlRunConfig config) => new(config);

    /// <summary>The run kind written to checkpoints.</summary>
    public const string Kind = "rl";

    /// <summary>A trainer of the policy's model on the objective, whose checkpoints are of kind <see cref="Kind"/>.</summary>
    public Trainer CreateTrainer() => new(Policy.Model, Objective, TrainerOptions) { Kind = Kind };

    /// <summary>The job <c>method</c> selects: the evolution <see cref="CreateTrainer"/>, or a <see cref="PpoTrainer"/> annealed over <c>training.epochs</c>.</summary>
    public ITrainingJob CreateJob() => Config.Method == RlMethod.Ppo
        ? new PpoTrainer(Environment.Create, Config.Ppo, Config.Optimizer, Config.Model, Config.Training.Seed, Config.Training.Epochs, Config.Env.MaskActions)
        : CreateTrainer();

    /// <summary>Evaluates the policy <paramref name="job"/> trains (a PPO job's greedy policy, otherwise <see cref="Policy"/>) over <paramref name="episodes"/> episodes.</summary>
    public EvaluationResult Evaluate(ITrainingJob job, int episodes, ulong seed) => job is PpoTrainer ppo
        ? PolicyEvaluator.Evaluate(ppo.GreedyPolicy(), Environment.Create, episodes, seed)
        : Evaluate(episodes, seed);

    /// <summary>Evaluates the current (unperturbed) policy over <paramref name="episodes"/> episodes.</summary>
    public EvaluationResult Evaluate(int episodes, ulong seed) => PolicyEvaluator.Evaluate(Policy, Environment.Create, episodes, seed);

    /// <summary>"mean ± std over n episodes (solved at T)".</summary>
    public string Describe(EvaluationResult result) =>
        $"return {result.Mean:F1} ± {result.StandardDeviation:F1} over {result.Returns.Count} episodes ({Environment.Name} is solved at {Environment.SolvedThreshold})";
}
