using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Eggroll.Numerics;

/// <summary>
/// The four dot products of two rows with two vectors, in one pass that reads each operand once. The
/// summation order is fixed whatever the instruction set: element j goes to lane j mod 32 (a zero-padded
/// last step holds the tail), each lane accumulates with fused multiply-adds, and the 32 lanes are summed as
/// l + (l + 16), then l + (l + 8), l + (l + 4), l + (l + 2), l + (l + 1). The code performs exactly those IEEE
/// operations on 512-bit vectors, which .NET runs as two 256-bit halves (or element by element) where the
/// processor lacks them, so results are bit-identical on every machine and thread count.
/// </summary>
internal static unsafe class PairedDot
{
    private const int Lanes = 32;
    private const int Half = Lanes / 2;

    /// <summary>
    /// Returns x0·v0, x0·v1, x1·v0 and x1·v1 for vectors of <paramref name="length"/> floats. Passing the same
    /// row (or vector) twice is allowed and gives the same value in both places.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(float* x0, float* x1, float* v0, float* v1, int length, out Products products)
    {
        var sums = default(Sums);
        int j = 0;
        for (; j <= length - Lanes; j += Lanes)
        {
            sums.Accumulate(x0 + j, x1 + j, v0 + j, v1 + j);
        }

        if (j < length)
        {
            // The tail, zero-padded to one more step: padded lanes add 0·0 and keep their sums.
            float* tail = stackalloc float[4 * Lanes];
            new Span<float>(tail, 4 * Lanes).Clear();
            int rest = length - j;
            new ReadOnlySpan<float>(x0 + j, rest).CopyTo(new Span<float>(tail, rest));
            new ReadOnlySpan<float>(x1 + j, rest).CopyTo(new Span<float>(tail + Lanes, rest));
            new ReadOnlySpan<float>(v0 + j, rest).CopyTo(new Span<float>(tail + (2 * Lanes), rest));
            new ReadOnlySpan<float>(v1 + j, rest).CopyTo(new Span<float>(tail + (3 * Lanes), rest));
            sums.Accumulate(tail, tail + Lanes, tail + (2 * Lanes), tail + (3 * Lanes));
        }

        products = new Products(
            Sum(sums.Row0Vector0Low, sums.Row0Vector0High),
            Sum(sums.Row0Vector1Low, sums.Row0Vector1High),
            Sum(sums.Row1Vector0Low, sums.Row1Vector0High),
            Sum(sums.Row1Vector1Low, sums.Row1Vector1High));
    }

    /// <summary>Sums lanes 0–15 (<paramref name="low"/>) and 16–31 (<paramref name="high"/>) in the fixed tree.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum(Vector512<float> low, Vector512<float> high)
    {
        Vector512<float> sixteen = low + high;
        Vector256<float> eight = sixteen.GetLower() + sixteen.GetUpper();
        Vector128<float> four = eight.GetLower() + eight.GetUpper();
        Vector128<float> two = four + Vector128.Shuffle(four, Vector128.Create(2, 3, 2, 3));
        return two.ToScalar() + two.GetElement(1);
    }

    /// <summary>The dot products of two rows with two vectors.</summary>
    /// <param name="Row0Vector0">x0·v0.</param>
    /// <param name="Row0Vector1">x0·v1.</param>
    /// <param name="Row1Vector0">x1·v0.</param>
    /// <param name="Row1Vector1">x1·v1.</param>
    public readonly record struct Products(float Row0Vector0, float Row0Vector1, float Row1Vector0, float Row1Vector1);

    /// <summary>The 32 lane sums of each of the four products, as 16-lane halves.</summary>
    private struct Sums
    {
        public Vector512<float> Row0Vector0Low, Row0Vector0High, Row0Vector1Low, Row0Vector1High;
        public Vector512<float> Row1Vector0Low, Row1Vector0High, Row1Vector1Low, Row1Vector1High;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Accumulate(float* x0, float* x1, float* v0, float* v1)
        {
            Vector512<float> x0Low = Vector512.Load(x0), x0High = Vector512.Load(x0 + Half);
            Vector512<float> x1Low = Vector512.Load(x1), x1High = Vector512.Load(x1 + Half);
            Vector512<float> v0Low = Vector512.Load(v0), v0High = Vector512.Load(v0 + Half);
            Vector512<float> v1Low = Vector512.Load(v1), v1High = Vector512.Load(v1 + Half);
            Row0Vector0Low = Vector512.FusedMultiplyAdd(x0Low, v0Low, Row0Vector0Low);
            Row0Vector0High = Vector512.FusedMultiplyAdd(x0High, v0High, Row0Vector0High);
            Row0Vector1Low = Vector512.FusedMultiplyAdd(x0Low, v1Low, Row0Vector1Low);
            Row0Vector1High = Vector512.FusedMultiplyAdd(x0High, v1High, Row0Vector1High);
            Row1Vector0Low = Vector512.FusedMultiplyAdd(x1Low, v0Low, Row1Vector0Low);
            Row1Vector0High = Vector512.FusedMultiplyAdd(x1High, v0High, Row1Vector0High);
            Row1Vector1Low = Vector512.FusedMultiplyAdd(x1Low, v1Low, Row1Vector1Low);
            Row1Vector1High = Vector512.FusedMultiplyAdd(x1High, v1High, Row1Vector1High);
        }
    }
}
