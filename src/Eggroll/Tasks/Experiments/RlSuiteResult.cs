namespace Eggroll.Tasks.Experiments;

/// <summary>All runs of the suite, with the options that produced them.</summary>
/// <param name="Options">The settings used.</param>
/// <param name="Runs">One entry per (environment, strategy, seed), in the order they ran.</param>
/// <param name="TotalSeconds">Wall time of the whole suite.</param>
public sealed record RlSuiteResult(RlSuiteOptions Options, IReadOnlyList<RlSuiteRun> Runs, double TotalSeconds);
