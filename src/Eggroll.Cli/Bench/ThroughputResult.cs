namespace Eggroll.Cli.Bench;

/// <summary>
/// Measured rows per second (medians) of inference, an EGGROLL epoch and (optionally) an OpenES
/// epoch at one setting, and the EGGROLL epoch's throughput with inference = 100: the median over
/// runs of each epoch against the inference run timed just before it.
/// </summary>
internal sealed record ThroughputResult(
    int Population,
    int RowsPerMember,
    int Rank,
    double InferenceRowsPerSecond,
    double EggrollRowsPerSecond,
    double EggrollPercent,
    double? OpenEsRowsPerSecond)
{
    /// <summary>OpenES epoch throughput with inference = 100.</summary>
    public double? OpenEsPercent => 100 * OpenEsRowsPerSecond / InferenceRowsPerSecond;
}
