namespace Eggroll.Integer;

/// <summary>
/// The norm of the EGG model: y = x · T / mean|x|, T = <see cref="TargetMeanAbs"/> (so that the output has
/// mean absolute value ≈ 13, standard deviation ≈ 16 = 1.0 in 4-fraction-bit fixed point). The
/// division is a lookup: Divisors[m] = round(2^16·T/m) for m = 1..127, and
/// y = clip((x·Divisors[m]) &gt;&gt; 16). The mean m = round(Σ|x| / D) is clamped to at least 1, so an
/// all-zero row (mean 0) stays zero instead of dividing by zero.
/// </summary>
public static class Int8Norm
{
    /// <summary>Target mean absolute value of the output.</summary>
    public const int TargetMeanAbs = 13;

    private static readonly int[] Divisors = CreateDivisors();

    /// <summary>Normalises <paramref name="x"/> into <paramref name="y"/> (same length).</summary>
    public static void Apply(ReadOnlySpan<sbyte> x, Span<sbyte> y)
    {
        int sum = 0;
        foreach (sbyte v in x)
        {
            sum += Math.Abs(v);
        }

        int mean = Math.Clamp((sum + (x.Length / 2)) / x.Length, 1, 127);
        int factor = Divisors[mean];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Int8Math.Clip((x[i] * factor) >> 16);
        }
    }

    private static int[] CreateDivisors()
    {
        var table = new int[128];
        for (int m = 1; m < table.Length; m++)
        {
            table[m] = (int)Math.Round(65536.0 * TargetMeanAbs / m);
        }

        return table;
    }
}
