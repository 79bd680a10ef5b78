using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Eggroll.Numerics;

/// <summary>
/// <see cref="PairedDot"/> for ±1 vectors stored as bits (<see cref="SignBits"/>): the four dot products of two rows with
/// two sign vectors, in <see cref="PairedDot"/>'s summation order (lane j mod 32, a zero-padded last step, the fixed tree),
/// each product x·(±1) added instead of multiplied. A fused multiply-add with ±1 rounds once, like the addition, so the
/// results are bit-identical to <see cref="PairedDot.Compute"/> on the vectors written out as floats.
/// </summary>
internal static unsafe class SignDot
{
    private const int Lanes = PairedDot.Lanes;

    private const int Half = Lanes / 2;

    /// <summary>
    /// Returns x0·v0, x0·v1, x1·v0 and x1·v1 for rows of <paramref name="length"/> floats and the sign vectors whose elements
    /// start at bit <paramref name="element0"/> and <paramref name="element1"/> of <paramref name="words"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(float* x0, float* x1, uint* words, long element0, long element1, int length, out PairedDot.Products products)
    {
        int whole = length - (length % Lanes);
        float* tail = stackalloc float[2 * Lanes];
        PairedDot.CopyTail(x0, x1, whole, length, tail);

        // Padded lanes hold x = +0 and a clear bit, adding +0 as the zero-padded fused multiply-add does.
        uint lastBits = length % Lanes == 0 ? uint.MaxValue : (1u << (length % Lanes)) - 1;
        Vector512<float> s00Low = default, s00High = default, s01Low = default, s01High = default;
        Vector512<float> s10Low = default, s10High = default, s11Low = default, s11High = default;
        for (int j = 0; j < length; j += Lanes)
        {
            bool padded = j == whole;
            float* a0 = padded ? tail : x0 + j;
            float* a1 = padded ? tail + Lanes : x1 + j;
            uint keep = padded ? lastBits : uint.MaxValue;
            uint bits0 = SignBits.Word(words, element0 + j) & keep, bits1 = SignBits.Word(words, element1 + j) & keep;
            Vector512<float> v0Low = SignBits.Mask(bits0), v0High = SignBits.Mask(bits0 >> Half);
            Vector512<float> v1Low = SignBits.Mask(bits1), v1High = SignBits.Mask(bits1 >> Half);
            Vector512<float> a0Low = Vector512.Load(a0), a0High = Vector512.Load(a0 + Half);
            Vector512<float> a1Low = Vector512.Load(a1), a1High = Vector512.Load(a1 + Half);
            s00Low += a0Low ^ v0Low;
            s00High += a0High ^ v0High;
            s01Low += a0Low ^ v1Low;
            s01High += a0High ^ v1High;
            s10Low += a1Low ^ v0Low;
            s10High += a1High ^ v0High;
            s11Low += a1Low ^ v1Low;
            s11High += a1High ^ v1High;
        }

        products = new PairedDot.Products(PairedDot.Sum(s00Low, s00High), PairedDot.Sum(s01Low, s01High), PairedDot.Sum(s10Low, s10High), PairedDot.Sum(s11Low, s11High));
    }
}
