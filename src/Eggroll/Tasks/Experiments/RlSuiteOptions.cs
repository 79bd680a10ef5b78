namespace Eggroll.Tasks.Experiments;

/// <summary>Settings of <c>eggroll experiment rl-suite</c>.</summary>
public sealed record RlSuiteOptions
{
    /// <summary>Environment steps each run may take (training stops after the epoch that reaches it).</summary>
    public long Budget { get; init; } = 5_000_000;

    /// <summary>Methods compared, in this order: EGGROLL, OpenES and PPO by default.</summary>
    public IReadOnlyList<RlSuiteMethod> Methods { get; init; } = [RlSuiteMethod.Eggroll, RlSuiteMethod.OpenEs, RlSuiteMethod.Ppo];

    /// <summary>Seeds per (environment, strategy): 1, 2, …, Seeds.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>Environments to run (Gymnasium ids); by default the built-in ones.</summary>
    public IReadOnlyList<string> Environments { get; init; } = [.. Eggroll.Tasks.Rl.EnvironmentRegistry.BuiltIn.Select(e => e.Name)];

    /// <summary>Episodes of each run's final evaluation.</summary>
    public int EvalEpisodes { get; init; } = 100;
}
