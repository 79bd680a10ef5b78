namespace Eggroll.Distributed;

/// <summary>
/// A worker's answer to a <see cref="RangeRequest"/>: the replica's epoch and, when it matched the request's, one
/// float32 score per member of the range, or, when the run's shaping is pair signs, the range's
/// <see cref="PairOutcomes.PackRange"/> in <paramref name="PackedOutcomes"/> and no float scores; empty when the
/// replica was at another epoch. <paramref name="StateHash"/> is the replica's hash when asked for, else 0;
/// <paramref name="Rows"/> and <paramref name="Loss"/> are the evaluation's <see cref="Training.EvaluationTally"/> (0 when
/// the replica was at another epoch); <paramref name="MemberStatistics"/> the members' statistics in member order when
/// the job reports any (<see cref="Training.IPopulationJob.MemberStatisticsLength"/> per member), else null.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record RangeScores(
    [property: Id(0)] long ReplicaEpoch,
    [property: Id(1)] int FirstMember,
    [property: Id(2)] float[] Scores,
    [property: Id(3)] byte[]? PackedOutcomes = null,
    [property: Id(4)] ulong StateHash = 0,
    [property: Id(5)] long Rows = 0,
    [property: Id(6)] long Loss = 0,
    [property: Id(7)] double[]? MemberStatistics = null)
{
    /// <summary>The evaluation's tally: its rows and summed loss.</summary>
    public Training.EvaluationTally Tally => new(Rows, Loss);

    /// <summary>Bytes of the answer's fields: the fixed ones, 4 per float score, the packed outcomes and 8 per member statistic (without the framing Orleans adds).</summary>
    public long PayloadBytes => sizeof(long) + sizeof(int) + (sizeof(float) * (long)Scores.Length) + (PackedOutcomes?.Length ?? 0) + sizeof(ulong) + sizeof(long) + sizeof(long) + (sizeof(double) * (long)(MemberStatistics?.Length ?? 0));
}
