using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics.Int8;

/// <summary>
/// The row epilogue of an int8 op with a rank-r correction:
/// output[j] = scale(acc[j] + (Σ_q u_q·f_q[j]) &gt;&gt; correctionShift), clipped to ±127, where the factor rows
/// f_q lie one after another in <c>factors</c> (row q at q·n). The EGG model's <c>Int8Linear</c> uses it with u = ±x·B_p and
/// f = A_p; the embedding with u = ±A_p[byte] and f = B_p. The definition is <see cref="Reference"/> (int64).
/// With AVX-512F (within the <see cref="KernelFamily.Int8Rows"/> ceiling of <see cref="KernelPaths"/>), a row whose correction provably fits in int32 (<see cref="FitsInt32"/>) runs 16 columns at a
/// time in int32 lanes, with the same bits; other rows, the last n mod 16 columns and other machines run the reference.
/// </summary>
internal static class Int8Epilogue
{
    /// <summary>Columns per vector step: one 16-lane int32 vector.</summary>
    private const int Step = 16;

    /// <summary>
    /// Computes one row. <paramref name="acc"/> holds |values| ≤ 2^30.1 (an <see cref="Int8Gemm"/> row, or int8
    /// values), <paramref name="factors"/> at least u.Length·n values; with no projections there is no correction.
    /// </summary>
    public static void Apply(ReadOnlySpan<int> acc, ReadOnlySpan<int> projections, ReadOnlySpan<sbyte> factors, int correctionShift, Int8OutputScale scale, Span<sbyte> output)
    {
        int start = 0;
        if (Avx512F.IsSupported && KernelPaths.Allows(KernelFamily.Int8Rows, KernelLevel.Avx512) && FitsInt32(projections, correctionShift))
        {
            start = Vector(acc, projections, factors, correctionShift, scale, output);
        }

        Reference(acc, projections, factors, correctionShift, scale, output, start);
    }

    /// <summary>The definition, in int64 so nothing can overflow, for columns <paramref name="start"/> onwards.</summary>
    public static void Reference(ReadOnlySpan<int> acc, ReadOnlySpan<int> projections, ReadOnlySpan<sbyte> factors, int correctionShift, Int8OutputScale scale, Span<sbyte> output, int start = 0)
    {
        int n = acc.Length;
        for (int j = start; j < n; j++)
        {
            long correction = 0;
            for (int q = 0; q < projections.Length; q++)
            {
                correction += (long)projections[q] * factors[(q * n) + j];
            }

            output[j] = scale.Apply(acc[j] + (correction >> correctionShift));
        }
    }

    /// <summary>
    /// Whether int32 arithmetic is exact for these projections: every partial sum of u_q·f_q[j] is at most
    /// 128·Σ|u_q| ≤ 2^31 − 1 in magnitude, and a shift of at least 4 keeps acc + correction below 2^30.1 + 2^27.
    /// </summary>
    public static bool FitsInt32(ReadOnlySpan<int> projections, int correctionShift)
    {
        long total = 0;
        foreach (int u in projections)
        {
            total += Math.Abs((long)u);
        }

        return total == 0 || (correctionShift >= 4 && total <= int.MaxValue / 128);
    }

    /// <summary>The vector path over whole steps of 16 columns; returns the first column it left.</summary>
    private static unsafe int Vector(ReadOnlySpan<int> acc, ReadOnlySpan<int> projections, ReadOnlySpan<sbyte> factors, int correctionShift, Int8OutputScale scale, Span<sbyte> output)
    {
        int n = acc.Length, rank = projections.Length, j = 0;
        var low = Vector512.Create(-127);
        fixed (int* pAcc = acc, pu = projections)
        fixed (sbyte* pf = factors, po = output)
        {
            for (; j + Step <= n; j += Step)
            {
                var c = Vector512<int>.Zero;
                for (int q = 0; q < rank; q++)
                {
                    c += Avx512F.ConvertToVector512Int32(Vector128.Load(pf + ((long)q * n) + j)) * Vector512.Create(pu[q]);
                }

                var total = Vector512.Load(pAcc + j) + Vector512.ShiftRightArithmetic(c, correctionShift);
                Avx512F.ConvertToVector128SByteWithSaturation(Vector512.Max(Rescale(total, scale), low)).Store(po + j);
            }
        }

        return j;
    }

    /// <summary>
    /// ⌊total / 2^shift⌋ or ⌊total / divisor⌋ per lane. The division runs in double: for |total| &lt; 2^31 the
    /// quotient is within 2^−22 of total/divisor, while a quotient that is not whole lies at least
    /// 1/divisor &gt; 2^−13 (divisor ≤ round(16·√65,793)) from the next integer, so its floor is exact.
    /// </summary>
    private static Vector512<int> Rescale(Vector512<int> total, Int8OutputScale scale)
    {
        if (scale.Divisor == 0)
        {
            return Vector512.ShiftRightArithmetic(total, scale.Shift);
        }

        var divisor = Vector512.Create((double)scale.Divisor);
        var lower = Vector512.Floor(Avx512F.ConvertToVector512Double(total.GetLower()) / divisor);
        var upper = Vector512.Floor(Avx512F.ConvertToVector512Double(total.GetUpper()) / divisor);
        return Vector512.Create(Avx512F.ConvertToVector256Int32WithTruncation(lower), Avx512F.ConvertToVector256Int32WithTruncation(upper));
    }
}
