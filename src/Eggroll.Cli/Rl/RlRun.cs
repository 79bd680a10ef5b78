using Eggroll.Cli.Config;
using Eggroll.Tasks.Rl;
using Eggroll.Training;

namespace Eggroll.Cli.Rl;

/// <summary>The environment, policy, objective and trainer options an <see cref="RlRunConfig"/> describes, built deterministically from its seed.</summary>
internal sealed class RlRun
{
    private RlRun(RlRunConfig config)
    {
        Config = config;
        Environment = EnvironmentRegistry.Find(config.Env.Name)!;
        Policy = Policy.CreateMlp(Environment.Create(), config.Model.Hidden, config.Model.Activation, (int)(config.Training.Seed % int.MaxValue), config.Env.Squash, config.Env.NormalizeObservations);
        Objective = new RlObjective(Policy, Environment.Create, config.Env.EpisodesPerMember);
        TrainerOptions = new TrainerOptions { Seed = config.Training.Seed, Evolution = config.Evolution, Optimizer = config.Optimizer };
    }

    public RlRunConfig Config { get; }

    public EnvironmentInfo Environment { get; }

    public Policy Policy { get; }

    public RlObjective Objective { get; }

    public TrainerOptions TrainerOptions { get; }

    public static RlRun Create(RlRunConfig config) => new(config);

    /// <summary>The run kind written to checkpoints.</summary>
    public const string Kind = "rl";

    public Trainer CreateTrainer() => new(Policy.Model, Objective, TrainerOptions) { Kind = Kind };

    /// <summary>Evaluates the current (unperturbed) policy over <paramref name="episodes"/> episodes.</summary>
    public EvaluationResult Evaluate(int episodes, ulong seed) => PolicyEvaluator.Evaluate(Policy, Environment.Create, episodes, seed);

    /// <summary>"mean ± std over n episodes (solved at T)".</summary>
    public string Describe(EvaluationResult result) =>
        $"return {result.Mean:F1} ± {result.StandardDeviation:F1} over {result.Returns.Count} episodes ({Environment.Name} is solved at {Environment.SolvedThreshold})";
}
