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
    /// <summary>The lanes of the summation order; <see cref="ComputeFour"/> needs lengths that are a multiple of it.</summary>
    public const int Lanes = 32;

    private const int Half = Lanes / 2;

    /// <summary>
    /// Returns x0·v0, x0·v1, x1·v0 and x1·v1 for vectors of <paramref name="length"/> floats. Passing the same
    /// row (or vector) twice is allowed and gives the same value in both places.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(float* x0, float* x1, float* v0, float* v1, int length, out Products products)
    {
        // The tails are copied, zero-padded, to one more step before the loop (padded lanes add 0·0 and keep
        // their sums), so that the loop makes no calls and its sums stay in registers.
        float* tail = stackalloc float[4 * Lanes];
        CopyTail(v0, v1, length - (length % Lanes), length, tail + (2 * Lanes));
        Compute(x0, x1, new FloatVectors(v0, v1, tail + (2 * Lanes)), length, tail, out products);
    }

    /// <summary>
    /// The four products of rows <paramref name="x0"/> and <paramref name="x1"/> with <paramref name="vectors"/> in the documented
    /// order; <paramref name="tail"/> has room for two zero-padded steps of the rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Compute<TVectors>(float* x0, float* x1, TVectors vectors, int length, float* tail, out Products products)
        where TVectors : struct, IDotVectors
    {
        int whole = length - (length % Lanes);
        CopyTail(x0, x1, whole, length, tail);
        Vector512<float> s00Low = default, s00High = default, s01Low = default, s01High = default;
        Vector512<float> s10Low = default, s10High = default, s11Low = default, s11High = default;
        for (int j = 0; j < length; j += Lanes)
        {
            bool padded = j == whole;
            float* a0 = padded ? tail : x0 + j;
            float* a1 = padded ? tail + Lanes : x1 + j;
            Vector512<float> a0Low = Vector512.Load(a0), a0High = Vector512.Load(a0 + Half);
            Vector512<float> a1Low = Vector512.Load(a1), a1High = Vector512.Load(a1 + Half);
            vectors.Load(j, padded, out var b0Low, out var b0High, out var b1Low, out var b1High);
            s00Low = TVectors.AddProduct(a0Low, b0Low, s00Low);
            s00High = TVectors.AddProduct(a0High, b0High, s00High);
            s01Low = TVectors.AddProduct(a0Low, b1Low, s01Low);
            s01High = TVectors.AddProduct(a0High, b1High, s01High);
            s10Low = TVectors.AddProduct(a1Low, b0Low, s10Low);
            s10High = TVectors.AddProduct(a1High, b0High, s10High);
            s11Low = TVectors.AddProduct(a1Low, b1Low, s11Low);
            s11High = TVectors.AddProduct(a1High, b1High, s11High);
        }

        products = new Products(Sum(s00Low, s00High), Sum(s01Low, s01High), Sum(s10Low, s10High), Sum(s11Low, s11High));
    }

    /// <summary>
    /// Writes x0·v_k to row0Dots[k] and x1·v_k to row1Dots[k] for k = 0 … 3, the vectors v_k = <paramref name="v"/> +
    /// min(k, <paramref name="vectors"/> − 1)·<paramref name="stride"/> (so with three vectors the last is done twice), with the same
    /// order and values as <see cref="Compute"/>, reading each row once for all of them (rank ≥ 3 projections);
    /// <paramref name="length"/> must be a multiple of <see cref="Lanes"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ComputeFour(float* x0, float* x1, float* v, long stride, int vectors, int length, float* row0Dots, float* row1Dots) =>
        ComputeFour(
            x0, x1, new FloatVectors(v, v + stride, null), new FloatVectors(v + (Math.Min(2, vectors - 1) * stride), v + (Math.Min(3, vectors - 1) * stride), null), length, row0Dots, row1Dots);

    /// <summary>
    /// The products of rows <paramref name="x0"/> and <paramref name="x1"/> with the two vectors of <paramref name="first"/> (k = 0, 1)
    /// and of <paramref name="second"/> (k = 2, 3), in the documented order, reading each row once; <paramref name="length"/> must be a
    /// multiple of <see cref="Lanes"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ComputeFour<TVectors>(float* x0, float* x1, TVectors first, TVectors second, int length, float* row0Dots, float* row1Dots)
        where TVectors : struct, IDotVectors
    {
        RowSums s0 = default, s1 = default, s2 = default, s3 = default;
        for (int j = 0; j < length; j += Lanes)
        {
            var rows = new RowPair(x0 + j, x1 + j);
            first.Load(j, padded: false, out var v0Low, out var v0High, out var v1Low, out var v1High);
            second.Load(j, padded: false, out var v2Low, out var v2High, out var v3Low, out var v3High);
            s0.Add<TVectors>(rows, v0Low, v0High);
            s1.Add<TVectors>(rows, v1Low, v1High);
            s2.Add<TVectors>(rows, v2Low, v2High);
            s3.Add<TVectors>(rows, v3Low, v3High);
        }

        s0.Write(row0Dots, row1Dots, 0);
        s1.Write(row0Dots, row1Dots, 1);
        s2.Write(row0Dots, row1Dots, 2);
        s3.Write(row0Dots, row1Dots, 3);
    }

    /// <summary>
    /// Writes elements [whole, length) of <paramref name="first"/> and <paramref name="second"/> to <paramref name="tail"/> and
    /// tail + <see cref="Lanes"/>, each zero-padded to <see cref="Lanes"/> values, when there is such a tail.
    /// </summary>
    internal static void CopyTail<T>(T* first, T* second, int whole, int length, T* tail)
        where T : unmanaged
    {
        if (whole < length)
        {
            int rest = length - whole;
            new Span<T>(tail, 2 * Lanes).Clear();
            new ReadOnlySpan<T>(first + whole, rest).CopyTo(new Span<T>(tail, rest));
            new ReadOnlySpan<T>(second + whole, rest).CopyTo(new Span<T>(tail + Lanes, rest));
        }
    }

    /// <summary>Sums lanes 0–15 (<paramref name="low"/>) and 16–31 (<paramref name="high"/>) in the fixed tree.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Sum(Vector512<float> low, Vector512<float> high)
    {
        Vector512<float> sixteen = low + high;
        Vector256<float> eight = sixteen.GetLower() + sixteen.GetUpper();
        Vector128<float> four = eight.GetLower() + eight.GetUpper();
        Vector128<float> two = four + Vector128.Shuffle(four, Vector128.Create(2, 3, 2, 3));
        return two.ToScalar() + two.GetElement(1);
    }

    /// <summary>Lanes j … j + 31 of the two rows, as low and high halves.</summary>
    private readonly struct RowPair(float* x0, float* x1)
    {
        public readonly Vector512<float> Row0Low = Vector512.Load(x0), Row0High = Vector512.Load(x0 + Half);
        public readonly Vector512<float> Row1Low = Vector512.Load(x1), Row1High = Vector512.Load(x1 + Half);
    }

    /// <summary>The running lane sums of both rows' products with one vector.</summary>
    private struct RowSums
    {
        private Vector512<float> row0Low, row0High, row1Low, row1High;

        /// <summary>Adds the products of <paramref name="rows"/> with lanes j … j + 31 of the vector, as <paramref name="low"/> and <paramref name="high"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add<TVectors>(in RowPair rows, Vector512<float> low, Vector512<float> high)
            where TVectors : IDotVectors
        {
            row0Low = TVectors.AddProduct(rows.Row0Low, low, row0Low);
            row0High = TVectors.AddProduct(rows.Row0High, high, row0High);
            row1Low = TVectors.AddProduct(rows.Row1Low, low, row1Low);
            row1High = TVectors.AddProduct(rows.Row1High, high, row1High);
        }

        /// <summary>Writes row 0's dot product to row0Dots[k] and row 1's to row1Dots[k].</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Write(float* row0Dots, float* row1Dots, int k)
        {
            row0Dots[k] = Sum(row0Low, row0High);
            row1Dots[k] = Sum(row1Low, row1High);
        }
    }

    /// <summary>Two float vectors, their zero-padded tails at <paramref name="tail"/> and tail + <see cref="Lanes"/>.</summary>
    private readonly struct FloatVectors(float* v0, float* v1, float* tail) : IDotVectors
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> AddProduct(Vector512<float> x, Vector512<float> v, Vector512<float> sum) => Vector512.FusedMultiplyAdd(x, v, sum);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Load(int j, bool padded, out Vector512<float> v0Low, out Vector512<float> v0High, out Vector512<float> v1Low, out Vector512<float> v1High)
        {
            float* b0 = padded ? tail : v0 + j;
            float* b1 = padded ? tail + Lanes : v1 + j;
            (v0Low, v0High) = (Vector512.Load(b0), Vector512.Load(b0 + Half));
            (v1Low, v1High) = (Vector512.Load(b1), Vector512.Load(b1 + Half));
        }
    }

    /// <summary>The dot products of two rows with two vectors.</summary>
    /// <param name="Row0Vector0">x0·v0.</param>
    /// <param name="Row0Vector1">x0·v1.</param>
    /// <param name="Row1Vector0">x1·v0.</param>
    /// <param name="Row1Vector1">x1·v1.</param>
    public readonly record struct Products(float Row0Vector0, float Row0Vector1, float Row1Vector0, float Row1Vector1);
}
