using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Eggroll.Numerics;

/// <summary>
/// <see cref="PairedDot"/> for ±1 vectors stored as bits (<see cref="SignBits"/>): the four dot products of two rows with
/// two sign vectors, in <see cref="PairedDot"/>'s summation order, each product x·(±1) added as x with its sign flipped. A
/// fused multiply-add with ±1 rounds once, like the addition, so the results are bit-identical to
/// <see cref="PairedDot.Compute(float*, float*, float*, float*, int, out PairedDot.Products)"/> on the vectors written out as floats.
/// </summary>
internal static unsafe class SignDot
{
    private const int Lanes = PairedDot.Lanes;

    /// <summary>
    /// Returns x0·v0, x0·v1, x1·v0 and x1·v1 for rows of <paramref name="length"/> floats and the sign vectors whose elements
    /// start at bit <paramref name="element0"/> and <paramref name="element1"/> of <paramref name="words"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(float* x0, float* x1, uint* words, long element0, long element1, int length, out PairedDot.Products products)
    {
        float* tail = stackalloc float[2 * Lanes];

        // Padded lanes hold x = +0 and a clear bit, adding +0 as the zero-padded fused multiply-add does.
        uint lastBits = length % Lanes == 0 ? uint.MaxValue : (1u << (length % Lanes)) - 1;
        PairedDot.Compute(x0, x1, new SignVectors(words, element0, element1, lastBits), length, tail, out products);
    }

    /// <summary>
    /// Writes x0·v_k to row0Dots[k] and x1·v_k to row1Dots[k] for k = 0 … 3 and the sign vectors whose elements start at bit
    /// <paramref name="element0"/> + min(k, <paramref name="vectors"/> − 1)·<paramref name="stride"/>, as <see cref="PairedDot.ComputeFour"/>
    /// does for floats, reading each row once; <paramref name="length"/> must be a multiple of <see cref="PairedDot.Lanes"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ComputeFour(float* x0, float* x1, uint* words, long element0, long stride, int vectors, int length, float* row0Dots, float* row1Dots) =>
        PairedDot.ComputeFour(
            x0,
            x1,
            new SignVectors(words, element0, element0 + stride, uint.MaxValue),
            new SignVectors(words, element0 + (Math.Min(2, vectors - 1) * stride), element0 + (Math.Min(3, vectors - 1) * stride), uint.MaxValue),
            length,
            row0Dots,
            row1Dots);

    /// <summary>
    /// Two sign vectors from bits <paramref name="element0"/> and <paramref name="element1"/> on, as sign positions
    /// (<see cref="SignBits.Positions32"/>); a padded step keeps <paramref name="lastBits"/>. Steps are whole words apart, so
    /// each vector's word pointer and bit shift are found once.
    /// </summary>
    private readonly struct SignVectors(uint* words, long element0, long element1, uint lastBits) : IDotVectors
    {
        private readonly uint* words0 = words + (element0 >> 5), words1 = words + (element1 >> 5);
        private readonly int shift0 = (int)(element0 & 31), shift1 = (int)(element1 & 31);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> AddProduct(Vector512<float> x, Vector512<float> v, Vector512<float> sum) => sum + SignBits.Flip(x, v.AsUInt32());

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Load(int j, bool padded, out Vector512<float> v0Low, out Vector512<float> v0High, out Vector512<float> v1Low, out Vector512<float> v1High)
        {
            uint keep = padded ? lastBits : uint.MaxValue;
            int word = j >> 5;
            uint bits0 = SignBits.BitsFrom(words0 + word, shift0) & keep;
            uint bits1 = SignBits.BitsFrom(words1 + word, shift1) & keep;
            var (low0, high0) = SignBits.Positions32(bits0);
            var (low1, high1) = SignBits.Positions32(bits1);
            (v0Low, v0High, v1Low, v1High) = (low0.AsSingle(), high0.AsSingle(), low1.AsSingle(), high1.AsSingle());
        }
    }
}
