using System.Globalization;

namespace Eggroll.Tasks.Rl;

/// <summary>
/// The count, mean and sum of squared deviations (M2) of a set of observations of <c>size</c> values, held in doubles as
/// one block [count, mean₀ … mean_{size−1}, M2₀ … M2_{size−1}]. <see cref="Record"/> adds one observation (Welford's
/// update) and <see cref="Merge"/> adds another set's block (Chan et al.'s parallel update), so the moments of each
/// member's observations can be computed wherever that member is evaluated and merged in member order anywhere.
/// </summary>
public static class ObservationMoments
{
    /// <summary>Doubles in the block of observations of <paramref name="size"/> values: 1 + 2·size.</summary>
    public static int BlockLength(int size) => 1 + (2 * size);

    /// <summary>The observation size of a block of <paramref name="blockLength"/> doubles.</summary>
    public static int SizeOf(int blockLength) => (blockLength - 1) / 2;

    /// <summary>Adds <paramref name="observation"/> to the moments in <paramref name="block"/>.</summary>
    public static void Record(Span<double> block, ReadOnlySpan<float> observation)
    {
        int size = observation.Length;
        double count = ++block[0];
        var mean = block.Slice(1, size);
        var m2 = block.Slice(1 + size, size);
        for (int j = 0; j < size; j++)
        {
            double delta = observation[j] - mean[j];
            mean[j] += delta / count;
            m2[j] += delta * (observation[j] - mean[j]);
        }
    }

    /// <summary>Adds the moments of <paramref name="other"/> to those in <paramref name="block"/> (a set merged into an empty one is copied exactly).</summary>
    public static void Merge(Span<double> block, ReadOnlySpan<double> other)
    {
        double added = other[0], held = block[0];
        if (added == 0)
        {
            return;
        }

        if (held == 0)
        {
            other.CopyTo(block);
            return;
        }

        int size = SizeOf(block.Length);
        double total = held + added;
        var mean = block.Slice(1, size);
        var m2 = block.Slice(1 + size, size);
        for (int j = 0; j < size; j++)
        {
            double delta = other[1 + j] - mean[j];
            mean[j] += delta * added / total;
            m2[j] += other[1 + size + j] + (delta * delta * held * added / total);
        }

        block[0] = total;
    }

    /// <summary>
    /// Null when <paramref name="block"/> could be the moments of some observations (a whole count ≥ 0, finite means,
    /// finite M2 ≥ 0, all zero when the count is), else what is wrong with it.
    /// </summary>
    public static string? Problem(ReadOnlySpan<double> block)
    {
        double count = block[0];
        if (!double.IsFinite(count) || count < 0 || count != Math.Floor(count))
        {
            return $"count {Text(count)} is not a whole number ≥ 0";
        }

        int size = SizeOf(block.Length);
        for (int j = 0; j < size; j++)
        {
            double mean = block[1 + j], m2 = block[1 + size + j];
            if (!double.IsFinite(mean) || !double.IsFinite(m2) || m2 < 0 || (count == 0 && (mean != 0 || m2 != 0)))
            {
                return $"value {j}: mean {Text(mean)}, M2 {Text(m2)} over {Text(count)} observations";
            }
        }

        return null;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
