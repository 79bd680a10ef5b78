using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Eggroll.Numerics;

/// <summary>
/// <see cref="PairedDot"/> for vectors stored in 16 bits (<see cref="Fixed16"/>): each element is loaded as its exact float,
/// so the results are bit-identical to <see cref="PairedDot"/> on the vectors written out as floats.
/// </summary>
internal static unsafe class Fixed16Dot
{
    private const int Lanes = PairedDot.Lanes;

    /// <summary>Returns x0·v0, x0·v1, x1·v0 and x1·v1 for rows and stored vectors of <paramref name="length"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(float* x0, float* x1, short* v0, short* v1, int length, out PairedDot.Products products)
    {
        // The vectors' tails are copied, zero-padded, as the float path copies its own: padded lanes add 0·0.
        float* tail = stackalloc float[2 * Lanes];
        short* vectorTails = stackalloc short[2 * Lanes];
        PairedDot.CopyTail(v0, v1, length - (length % Lanes), length, vectorTails);
        PairedDot.Compute(x0, x1, new Fixed16Vectors(v0, v1, vectorTails), length, tail, out products);
    }

    /// <summary>
    /// Writes x0·v_k to row0Dots[k] and x1·v_k to row1Dots[k] for k = 0 … 3 and the stored vectors v_k = <paramref name="v"/> +
    /// min(k, <paramref name="vectors"/> − 1)·<paramref name="stride"/>, as <see cref="PairedDot.ComputeFour"/> does for floats;
    /// <paramref name="length"/> must be a multiple of <see cref="PairedDot.Lanes"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ComputeFour(float* x0, float* x1, short* v, long stride, int vectors, int length, float* row0Dots, float* row1Dots) =>
        PairedDot.ComputeFour(
            x0,
            x1,
            new Fixed16Vectors(v, v + stride, null),
            new Fixed16Vectors(v + (Math.Min(2, vectors - 1) * stride), v + (Math.Min(3, vectors - 1) * stride), null),
            length,
            row0Dots,
            row1Dots);

    /// <summary>Two stored vectors, their zero-padded tails at <paramref name="tails"/> and tails + <see cref="Lanes"/>.</summary>
    private readonly struct Fixed16Vectors(short* v0, short* v1, short* tails) : IDotVectors
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> AddProduct(Vector512<float> x, Vector512<float> v, Vector512<float> sum) => Vector512.FusedMultiplyAdd(x, v, sum);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Load(int j, bool padded, out Vector512<float> v0Low, out Vector512<float> v0High, out Vector512<float> v1Low, out Vector512<float> v1High)
        {
            short* b0 = padded ? tails : v0 + j;
            short* b1 = padded ? tails + Lanes : v1 + j;
            (v0Low, v0High) = (Fixed16.Load16(b0), Fixed16.Load16(b0 + (Lanes / 2)));
            (v1Low, v1High) = (Fixed16.Load16(b1), Fixed16.Load16(b1 + (Lanes / 2)));
        }
    }
}
