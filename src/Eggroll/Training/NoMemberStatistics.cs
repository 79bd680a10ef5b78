namespace Eggroll.Training;

/// <summary>The checks of an <see cref="IPopulationJob"/> whose members report no statistics beside their scores.</summary>
public static class NoMemberStatistics
{
    /// <summary>Null when <paramref name="memberStatistics"/> is empty, else that the job reports none.</summary>
    public static string? DescribeInvalid(ReadOnlySpan<double> memberStatistics) =>
        memberStatistics.IsEmpty ? null : $"{memberStatistics.Length} member statistics where the job reports none";

    /// <summary>Throws unless <paramref name="memberStatistics"/> is empty.</summary>
    /// <exception cref="ArgumentException">Statistics were given.</exception>
    public static void Require(ReadOnlySpan<double> memberStatistics)
    {
        if (DescribeInvalid(memberStatistics) is { } problem)
        {
            throw new ArgumentException(problem + ".", nameof(memberStatistics));
        }
    }
}
