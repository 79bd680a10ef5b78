namespace Eggroll.Cli.Bench;

/// <summary>Measured rows per second of inference, an EGGROLL epoch and (optionally) an OpenES epoch at one setting.</summary>
internal sealed record ThroughputResult(
    int Population,
    int RowsPerMember,
    int Rank,
    double InferenceRowsPerSecond,
    double EggrollRowsPerSecond,
    double? OpenEsRowsPerSecond)
{
    /// <summary>EGGROLL epoch throughput with inference = 100.</summary>
    public double EggrollPercent => 100 * EggrollRowsPerSecond / InferenceRowsPerSecond;

    /// <summary>OpenES epoch throughput with inference = 100.</summary>
    public double? OpenEsPercent => 100 * OpenEsRowsPerSecond / InferenceRowsPerSecond;
}
