namespace Eggroll.Cli.Experiments;

/// <summary>All runs of the suite, with the options that produced them.</summary>
internal sealed record RlSuiteResult(RlSuiteOptions Options, IReadOnlyList<RlSuiteRun> Runs, double TotalSeconds);
