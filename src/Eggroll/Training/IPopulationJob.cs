namespace Eggroll.Training;

/// <summary>
/// A training job whose epoch is the scoring of a population followed by an update that depends only on the state, the
/// epoch and the members' scores. A member's score depends only on its index, so the population can be scored in
/// pair-aligned member ranges anywhere (on other machines, each holding a replica of the state), and every replica that
/// applies the same scores stays bit-identical to every other.
/// </summary>
public interface IPopulationJob : ITrainingJob
{
    /// <summary>Members of the population, an even number.</summary>
    int Population { get; }

    /// <summary>
    /// Whether the update uses only the sign of each antithetic pair's score difference, so that scores can travel as
    /// packed pair outcomes instead of float32 values.
    /// </summary>
    bool UsesPairSignsOnly { get; }

    /// <summary>
    /// Values each member's evaluation reports beside its score for the update (0 for most jobs; the moments of the
    /// observations a member saw under RL observation normalisation, see <see cref="Population.IMemberStatisticsObjective"/>).
    /// </summary>
    int MemberStatisticsLength { get; }

    /// <summary>
    /// Writes the raw scores of members [<paramref name="firstMember"/>, firstMember + memberScores.Length) of the next
    /// epoch into <paramref name="memberScores"/>, and their statistics into <paramref name="memberStatistics"/>
    /// (<see cref="MemberStatisticsLength"/> per member, member order); the range must be pair-aligned (both ends even).
    /// Ranges that tile the population give, concatenated, the scores and statistics of the whole population, bit for bit.
    /// </summary>
    void Evaluate(int firstMember, Span<float> memberScores, Span<double> memberStatistics);

    /// <summary>Null when <paramref name="memberStatistics"/> of a range could have come from <see cref="Evaluate"/>, else what is wrong with it.</summary>
    string? DescribeInvalidStatistics(ReadOnlySpan<double> memberStatistics);

    /// <summary>What the last <see cref="Evaluate"/> counted beside its scores.</summary>
    EvaluationTally LastTally { get; }

    /// <summary>Completes the epoch from every member's raw score and statistics (the update; the epoch advances by one).</summary>
    void Apply(ReadOnlySpan<float> memberScores, ReadOnlySpan<double> memberStatistics);

    /// <summary>
    /// The report of the epoch just completed by <see cref="Apply"/>, given its wall time <paramref name="seconds"/> and
    /// <paramref name="tally"/>, the sum of the tallies of the evaluations that scored its members, wherever they ran.
    /// </summary>
    IEpochReport Metrics(double seconds, EvaluationTally tally);
}
