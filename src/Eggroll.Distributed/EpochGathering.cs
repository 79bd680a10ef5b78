using System.Globalization;

namespace Eggroll.Distributed;

/// <summary>
/// The coordinator's collection of one epoch's range answers. An answer is taken only when it is exactly what was asked:
/// the epoch, the range's first member and member count, the replica's state hash when it was asked for, and either
/// finite float32 scores or, under pair-sign shaping, well-formed <see cref="PairOutcomes"/>, and the members'
/// statistics the job reports (as many as it reports per member, of a form it accepts); anything else is refused
/// with the reason, so that the range goes to another worker. Once every range is in, <see cref="Complete"/> gives the
/// epoch's scores.
/// </summary>
public sealed class EpochGathering
{
    private readonly long epoch;
    private readonly (int First, int Count)[] ranges;
    private readonly bool packed;
    private readonly ulong? expectedHash;
    private readonly bool acceptNonFinite;
    private readonly float[] scores;
    private readonly byte[] digits;
    private readonly float[] lowest;
    private readonly int[][] undecided;
    private readonly int statisticsLength;
    private readonly Func<double[], string?>? describeInvalidStatistics;
    private readonly double[] statistics;

    /// <summary>
    /// Expects answers for epoch <paramref name="epoch"/> (0-based) and <paramref name="ranges"/>, tiling a population;
    /// <paramref name="packed"/>: pair outcomes instead of float scores; <paramref name="expectedHash"/>: the state hash
    /// every answer must report; <paramref name="acceptNonFinite"/>: take NaN and ±∞ float scores (they then count as
    /// the epoch's lowest finite score, as on one machine); <paramref name="statisticsLength"/>: the statistics every
    /// member reports beside its score (<see cref="Training.IPopulationJob.MemberStatisticsLength"/>), which
    /// <paramref name="describeInvalidStatistics"/> checks range by range (<see cref="Training.IPopulationJob.DescribeInvalidStatistics"/>).
    /// </summary>
    public EpochGathering(long epoch, (int First, int Count)[] ranges, bool packed, ulong? expectedHash = null, bool acceptNonFinite = false, int statisticsLength = 0, Func<double[], string?>? describeInvalidStatistics = null)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        int population = ranges.Sum(r => r.Count);
        this.epoch = epoch;
        this.ranges = ranges;
        this.packed = packed;
        this.expectedHash = expectedHash;
        this.acceptNonFinite = acceptNonFinite;
        this.statisticsLength = statisticsLength;
        this.describeInvalidStatistics = describeInvalidStatistics;
        statistics = new double[population * statisticsLength];
        scores = packed ? [] : new float[population];
        digits = packed ? new byte[population / 2] : [];
        lowest = packed ? new float[ranges.Length] : [];
        undecided = packed ? new int[ranges.Length][] : [];
    }

    /// <summary>Takes <paramref name="answer"/> as range <paramref name="range"/>'s, or returns why it is refused (then nothing of it is kept).</summary>
    public string? Accept(int range, RangeScores answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var (first, count) = ranges[range];
        if (answer.ReplicaEpoch != epoch || answer.FirstMember != first)
        {
            return $"answered epoch {answer.ReplicaEpoch + 1}, first member {answer.FirstMember} for epoch {epoch + 1}, first member {first}";
        }

        if (expectedHash is { } hash && answer.StateHash != hash)
        {
            return $"reported state hash {answer.StateHash:x16} but the coordinator's is {hash:x16}";
        }

        string? refused = StatisticsProblem(count, answer) ?? (packed ? AcceptOutcomes(range, answer) : AcceptScores(first, count, answer));
        if (refused is null && answer.MemberStatistics is { } memberStatistics)
        {
            memberStatistics.CopyTo(statistics, first * statisticsLength);
        }

        return refused;
    }

    /// <summary>The epoch's scores, once every range has been accepted.</summary>
    public EpochScores Complete()
    {
        if (!packed)
        {
            return EpochScores.OfScores(scores, statistics);
        }

        float epochLowest = lowest.Min();
        for (int r = 0; r < ranges.Length; r++)
        {
            if (lowest[r] == epochLowest)
            {
                foreach (int pair in undecided[r])
                {
                    digits[pair] = 0;
                }
            }
        }

        return EpochScores.OfOutcomes(PairOutcomes.Pack(digits), statistics);
    }

    private string? StatisticsProblem(int count, RangeScores answer)
    {
        int sent = answer.MemberStatistics?.Length ?? 0;
        if (sent != count * statisticsLength)
        {
            return $"sent {sent} member statistics for {count} members ({statisticsLength} each)";
        }

        return sent > 0 && describeInvalidStatistics?.Invoke(answer.MemberStatistics!) is { } problem ? $"invalid member statistics: {problem}" : null;
    }

    private string? AcceptScores(int first, int count, RangeScores answer)
    {
        if (answer.PackedOutcomes is not null)
        {
            return "sent packed pair outcomes where float scores were expected";
        }

        if (answer.Scores.Length != count)
        {
            return $"sent {answer.Scores.Length} scores for {count} members";
        }

        if (!acceptNonFinite && Array.FindIndex(answer.Scores, s => !float.IsFinite(s)) is var bad and >= 0)
        {
            return $"member {first + bad}'s score is {answer.Scores[bad].ToString(CultureInfo.InvariantCulture)}";
        }

        answer.Scores.CopyTo(scores, first);
        return null;
    }

    private string? AcceptOutcomes(int range, RangeScores answer)
    {
        var (first, count) = ranges[range];
        if (answer.PackedOutcomes is null || answer.Scores.Length != 0)
        {
            return "sent float scores where packed pair outcomes were expected (pair-sign shaping)";
        }

        var rangeDigits = new byte[count / 2];
        if (PairOutcomes.TryReadRange(answer.PackedOutcomes, count / 2, rangeDigits, out float rangeLowest, out int[] rangeUndecided) is { } malformed)
        {
            return $"malformed pair outcomes: {malformed}";
        }

        rangeDigits.CopyTo(digits, first / 2);
        lowest[range] = rangeLowest;
        undecided[range] = [.. rangeUndecided.Select(p => p + (first / 2))];
        return null;
    }
}
