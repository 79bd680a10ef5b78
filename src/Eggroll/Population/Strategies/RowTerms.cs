using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// The terms added to the output rows of one antithetic pair's members in a single pass that reads the shared
/// sources once for two rows: c += bias, then c += noiseScale·noise, then c += u_k·a_k for k = 0, 1, …, with the
/// noise and factors from <typeparamref name="TSource"/> and each row with its own noise scale (its sign) and
/// projections u. Any source may be missing. Each element sees the same operations in the same order on the vector
/// and scalar paths, so neither the split into vectors nor the pairing of rows changes a bit; a lone row is passed as
/// both rows of the pair.
/// </summary>
internal readonly unsafe struct RowTerms<TSource>(float* bias, TSource source, int rank)
    where TSource : struct, IPairTermSource
{
    /// <summary>
    /// Adds the terms to <paramref name="c0"/>[0..count) with noise scale <paramref name="noiseScale0"/> and projections
    /// <paramref name="u0"/>, and to <paramref name="c1"/> with <paramref name="noiseScale1"/> and <paramref name="u1"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    public void AddTo(float* c0, float noiseScale0, float* u0, float* c1, float noiseScale1, float* u1, int count)
    {
        // Locals rather than fields, and each projection broadcast once for the row rather than once per step: read
        // through this struct's fields, every step reloaded them.
        TSource terms = source;
        float* rowBias = bias;
        int factors = terms.HasFactors ? rank : 0;
        bool noise = terms.HasNoise;
        var scale0 = Vector512.Create(noiseScale0);
        var scale1 = Vector512.Create(noiseScale1);
        // Written before it is read, so not zeroed ([SkipLocalsInit]): zeroing was a loop of pushes on every call.
        Vector512<float>* projections = stackalloc Vector512<float>[2 * factors];
        for (int k = 0; k < factors; k++)
        {
            projections[2 * k] = Vector512.Create(u0[k]);
            projections[(2 * k) + 1] = Vector512.Create(u1[k]);
        }

        int j = 0;
        for (; j <= count - Vector512<float>.Count; j += Vector512<float>.Count)
        {
            var v0 = Vector512.Load(c0 + j);
            var v1 = Vector512.Load(c1 + j);
            if (rowBias is not null)
            {
                var b = Vector512.Load(rowBias + j);
                v0 += b;
                v1 += b;
            }

            if (noise)
            {
                terms.AddNoise(j, scale0, scale1, ref v0, ref v1);
            }

            terms.AddFactors(j, projections, factors, ref v0, ref v1);

            v1.Store(c1 + j);
            v0.Store(c0 + j);
        }

        for (; j < count; j++)
        {
            float v0 = c0[j], v1 = c1[j];
            if (rowBias is not null)
            {
                v0 += rowBias[j];
                v1 += rowBias[j];
            }

            if (noise)
            {
                terms.AddNoise(j, noiseScale0, noiseScale1, ref v0, ref v1);
            }

            for (int k = 0; k < factors; k++)
            {
                terms.AddFactor(k, j, u0[k], u1[k], ref v0, ref v1);
            }

            c1[j] = v1;
            c0[j] = v0;
        }
    }
}
