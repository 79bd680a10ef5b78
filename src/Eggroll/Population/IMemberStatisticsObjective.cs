namespace Eggroll.Population;

/// <summary>
/// An objective whose update needs, beside each member's score, a fixed number of values from that member's evaluation
/// (the moments of the observations it saw, for observation normalisation). Like a score, a member's values depend only
/// on its index, so ranges of members can be evaluated anywhere; the epoch's update folds every member's values in member
/// order, so it does not depend on how the population was split.
/// </summary>
public interface IMemberStatisticsObjective : IObjective
{
    /// <summary>Values per member (0 when this run reports none, e.g. RL without observation normalisation).</summary>
    int MemberStatisticsLength { get; }

    /// <summary>Writes the values of the members of the last <see cref="IObjective.Evaluate"/>, in member order (members × <see cref="MemberStatisticsLength"/>).</summary>
    void WriteMemberStatistics(Span<double> destination);

    /// <summary>Null when <paramref name="memberStatistics"/> (whole members) could have come from an evaluation, else what is wrong with it.</summary>
    string? DescribeInvalid(ReadOnlySpan<double> memberStatistics);

    /// <summary>Folds the values of every member of the epoch (the whole population, in member order) into the objective's state.</summary>
    void Commit(ReadOnlySpan<double> everyMember);
}
