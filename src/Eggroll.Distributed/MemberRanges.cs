namespace Eggroll.Distributed;

/// <summary>Splits a population into contiguous, pair-aligned member ranges of near-equal size.</summary>
public static class MemberRanges
{
    /// <summary>
    /// At most <paramref name="parts"/> ranges (First, Count) that tile members [0, <paramref name="population"/>), each
    /// starting and ending at a pair boundary; fewer when there are fewer pairs than parts.
    /// </summary>
    public static (int First, int Count)[] Split(int population, int parts)
    {
        if (population < 2 || population % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(population), population, "The population must be even and at least 2.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        int pairs = population / 2;
        parts = Math.Min(parts, pairs);
        var ranges = new (int First, int Count)[parts];
        for (int i = 0; i < parts; i++)
        {
            int firstPair = (int)((long)i * pairs / parts), endPair = (int)((long)(i + 1) * pairs / parts);
            ranges[i] = (2 * firstPair, 2 * (endPair - firstPair));
        }

        return ranges;
    }
}
