using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics.Int8;

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

    /// <summary>Normalises <paramref name="x"/> into <paramref name="y"/> (same length); 16 lanes at a time with AVX-512F (within the <see cref="KernelFamily.Int8Rows"/> ceiling), same bits.</summary>
    public static unsafe void Apply(ReadOnlySpan<sbyte> x, Span<sbyte> y)
    {
        int n = x.Length, vectorEnd = Avx512F.IsSupported && KernelPaths.Allows(KernelFamily.Int8Rows, KernelLevel.Avx512) ? n & ~15 : 0, sum = 0;
        fixed (sbyte* px = x, py = y)
        {
            var sums = Vector512<int>.Zero;
            for (int i = 0; i < vectorEnd; i += 16)
            {
                sums += Vector512.Abs(Avx512F.ConvertToVector512Int32(Vector128.Load(px + i)));
            }

            sum = Vector512.Sum(sums);
            for (int i = vectorEnd; i < n; i++)
            {
                sum += Math.Abs(px[i]);
            }

            int mean = Math.Clamp((sum + (n / 2)) / n, 1, 127);
            int factor = Divisors[mean];
            var scale = Vector512.Create(factor);
            var low = Vector512.Create(-127);
            for (int i = 0; i < vectorEnd; i += 16)
            {
                var scaled = Vector512.ShiftRightArithmetic(Avx512F.ConvertToVector512Int32(Vector128.Load(px + i)) * scale, 16);
                Avx512F.ConvertToVector128SByteWithSaturation(Vector512.Max(scaled, low)).Store(py + i);
            }

            for (int i = vectorEnd; i < n; i++)
            {
                py[i] = Int8Math.Clip((px[i] * factor) >> 16);
            }
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
