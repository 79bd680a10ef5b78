namespace Eggroll.Population;

/// <summary>
/// Which rows of a population batch belong to which member: member t of the batch owns the contiguous
/// rows [Start(t), End(t)) and is member <see cref="FirstMember"/> + t of the population, whose index
/// alone decides its noise. Population members 2p and 2p+1 form antithetic pair p.
/// </summary>
public sealed class MemberRows
{
    private readonly int[] offsets;
    private int[]? memberOfRow;

    /// <summary>
    /// Creates the layout from <paramref name="rowCounts"/>, the number of rows of each member, in member order;
    /// the batch's first member is population member <paramref name="firstMember"/>, which must start a pair (even).
    /// </summary>
    public MemberRows(ReadOnlySpan<int> rowCounts, int firstMember = 0)
    {
        if (firstMember < 0 || firstMember % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(firstMember), firstMember, "The first member of a batch must be even and at least 0 (it starts an antithetic pair).");
        }

        FirstMember = firstMember;
        offsets = new int[rowCounts.Length + 1];
        for (int t = 0; t < rowCounts.Length; t++)
        {
            if (rowCounts[t] < 0)
            {
                throw new ArgumentException($"Member {t} has a negative row count ({rowCounts[t]}).", nameof(rowCounts));
            }

            offsets[t + 1] = checked(offsets[t] + rowCounts[t]);
        }
    }

    /// <summary>
    /// Every one of <paramref name="memberCount"/> members owns <paramref name="rowsPerMember"/> consecutive rows; the
    /// batch's first member is population member <paramref name="firstMember"/> (even).
    /// </summary>
    public static MemberRows Uniform(int memberCount, int rowsPerMember, int firstMember = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memberCount);
        ArgumentOutOfRangeException.ThrowIfNegative(rowsPerMember);
        var counts = new int[memberCount];
        Array.Fill(counts, rowsPerMember);
        return new MemberRows(counts, firstMember);
    }

    /// <summary>The population index of the batch's member 0: batch member t is population member FirstMember + t.</summary>
    public int FirstMember { get; }

    /// <summary>Number of members in the batch.</summary>
    public int MemberCount => offsets.Length - 1;

    /// <summary>Total number of rows.</summary>
    public int RowCount => offsets[^1];

    /// <summary>First row of member <paramref name="member"/>.</summary>
    public int Start(int member) => offsets[member];

    /// <summary>One past the last row of member <paramref name="member"/>.</summary>
    public int End(int member) => offsets[member + 1];

    /// <summary>The population member of every row, built on first use.</summary>
    internal int[] MemberOfRow()
    {
        if (memberOfRow is null)
        {
            var members = new int[RowCount];
            for (int t = 0; t < MemberCount; t++)
            {
                members.AsSpan(Start(t), End(t) - Start(t)).Fill(FirstMember + t);
            }

            memberOfRow = members;
        }

        return memberOfRow;
    }
}
