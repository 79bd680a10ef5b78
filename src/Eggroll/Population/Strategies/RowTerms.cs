using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// The terms added to one output row in a single pass: c += bias, then c += noiseScale·noise,
/// then c += u_k·a_k for k = 0, 1, …, where a_k lies aStride floats after a_{k−1}.
/// Any source may be null. Each element sees the same operations in the same order on the
/// vector and scalar paths (add, then fused multiply-adds), so the split into vectors does not
/// change a bit.
/// </summary>
internal readonly unsafe struct RowTerms(float* bias, float* noise, float noiseScale, float* a, int aStride)
{
    /// <summary>Adds the terms to <paramref name="c"/>[0..count) with the projections u_k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddTo(float* c, int count, ReadOnlySpan<float> projections)
    {
        int rank = a is null ? 0 : projections.Length;
        var scale = Vector256.Create(noiseScale);
        int j = 0;
        for (; j <= count - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            var v = Vector256.Load(c + j);
            if (bias is not null)
            {
                v += Vector256.Load(bias + j);
            }

            if (noise is not null)
            {
                v = Vector256.FusedMultiplyAdd(scale, Vector256.Load(noise + j), v);
            }

            for (int k = 0; k < rank; k++)
            {
                v = Vector256.FusedMultiplyAdd(Vector256.Create(projections[k]), Vector256.Load(a + ((long)k * aStride) + j), v);
            }

            v.Store(c + j);
        }

        for (; j < count; j++)
        {
            float v = c[j];
            if (bias is not null)
            {
                v += bias[j];
            }

            if (noise is not null)
            {
                v = MathF.FusedMultiplyAdd(noiseScale, noise[j], v);
            }

            for (int k = 0; k < rank; k++)
            {
                v = MathF.FusedMultiplyAdd(projections[k], a[((long)k * aStride) + j], v);
            }

            c[j] = v;
        }
    }
}
