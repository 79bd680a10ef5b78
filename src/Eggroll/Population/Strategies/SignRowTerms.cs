using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// <see cref="RowTerms"/> with ±1 noise and factors stored as bits (<see cref="SignBits"/>): c += bias, then c ± noiseScale,
/// then c ± u_k for k = 0, 1, …, where the signs of a_k start aStride elements after those of a_{k−1}. Each element sees
/// the operations of <see cref="RowTerms"/> in its order, a fused multiply-add by ±1 being the same single rounding as the
/// addition, so the results are bit-identical to <see cref="RowTerms"/> on the signs written out as floats.
/// </summary>
internal readonly unsafe struct SignRowTerms(float* bias, uint* noise, long noiseElement, uint* a, long aElement, long aStride, int rank)
{
    /// <summary>
    /// Adds the terms to <paramref name="c0"/>[0..count) with noise scale <paramref name="noiseScale0"/> and projections
    /// <paramref name="u0"/>, and to <paramref name="c1"/> with <paramref name="noiseScale1"/> and <paramref name="u1"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddTo(float* c0, float noiseScale0, float* u0, float* c1, float noiseScale1, float* u1, int count)
    {
        int terms = a is null ? 0 : rank;
        var scale0 = Vector512.Create(noiseScale0);
        var scale1 = Vector512.Create(noiseScale1);
        int j = 0;
        for (; j <= count - Vector512<float>.Count; j += Vector512<float>.Count)
        {
            var v0 = Vector512.Load(c0 + j);
            var v1 = Vector512.Load(c1 + j);
            if (bias is not null)
            {
                var b = Vector512.Load(bias + j);
                v0 += b;
                v1 += b;
            }

            if (noise is not null)
            {
                var sign = SignBits.Mask(SignBits.Word(noise, noiseElement + j));
                v0 += scale0 ^ sign;
                v1 += scale1 ^ sign;
            }

            for (int k = 0; k < terms; k++)
            {
                var sign = SignBits.Mask(SignBits.Word(a, aElement + (k * aStride) + j));
                v0 += Vector512.Create(u0[k]) ^ sign;
                v1 += Vector512.Create(u1[k]) ^ sign;
            }

            v1.Store(c1 + j);
            v0.Store(c0 + j);
        }

        for (; j < count; j++)
        {
            float v0 = c0[j], v1 = c1[j];
            if (bias is not null)
            {
                v0 += bias[j];
                v1 += bias[j];
            }

            if (noise is not null)
            {
                v0 += SignBits.Apply(noiseScale0, noise, noiseElement + j);
                v1 += SignBits.Apply(noiseScale1, noise, noiseElement + j);
            }

            for (int k = 0; k < terms; k++)
            {
                long element = aElement + (k * aStride) + j;
                v0 += SignBits.Apply(u0[k], a, element);
                v1 += SignBits.Apply(u1[k], a, element);
            }

            c1[j] = v1;
            c0[j] = v0;
        }
    }
}
