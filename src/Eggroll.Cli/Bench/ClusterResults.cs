namespace Eggroll.Cli.Bench;

/// <summary>Median epoch time of one population spread over <paramref name="Workers"/> worker silos, against the same epoch on one machine without Orleans (speed-up and efficiency = speed-up / workers).</summary>
internal sealed record ClusterScalingResult(int Workers, double EpochSeconds, double SingleMachineSeconds, double Speedup, double Efficiency);

/// <summary>
/// Bytes Orleans sent per epoch (headers and bodies, both directions) while the coordinator ran epochs with one worker on
/// another silo: all of them, and without the cluster's background traffic measured over an equally long idle spell.
/// </summary>
internal sealed record ClusterWireResult(int Parameters, string Scores, int Population, double BytesPerEpoch, double RunBytesPerEpoch);

/// <summary>The coordinator's own work per epoch (split, check and gather the answers, unpack, shape) for a population, evaluation excluded.</summary>
internal sealed record ClusterCoordinatorResult(int Population, string Scores, double Milliseconds);
