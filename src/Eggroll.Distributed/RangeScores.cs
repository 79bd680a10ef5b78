namespace Eggroll.Distributed;

/// <summary>
/// A worker's answer to a <see cref="RangeRequest"/>: the replica's epoch and, when it matched the request's, one
/// float32 score per member of the range and the rows its evaluation pushed through the model; empty scores and no rows
/// when the replica was at another epoch.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record RangeScores([property: Id(0)] long ReplicaEpoch, [property: Id(1)] int FirstMember, [property: Id(2)] float[] Scores, [property: Id(3)] long Rows);
