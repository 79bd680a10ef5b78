using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Eggroll.Population.Strategies;

/// <summary>A pair's bias noise and factors as floats: ε at <paramref name="noise"/>, a_k at <paramref name="a"/> + k·<paramref name="aStride"/>; either may be null. Terms are fused multiply-adds.</summary>
internal readonly unsafe struct FloatTermSource(float* noise, float* a, int aStride) : IPairTermSource
{
    /// <inheritdoc/>
    public bool HasNoise => noise is not null;

    /// <inheritdoc/>
    public bool HasFactors => a is not null;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddNoise(int j, Vector512<float> scale0, Vector512<float> scale1, ref Vector512<float> v0, ref Vector512<float> v1)
    {
        var e = Vector512.Load(noise + j);
        v0 = Vector512.FusedMultiplyAdd(scale0, e, v0);
        v1 = Vector512.FusedMultiplyAdd(scale1, e, v1);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddFactors(int j, Vector512<float>* projections, int factors, ref Vector512<float> v0, ref Vector512<float> v1)
    {
        float* ak = a + j;
        for (int k = 0; k < factors; k++, ak += aStride, projections += 2)
        {
            var values = Vector512.Load(ak);
            v0 = Vector512.FusedMultiplyAdd(projections[0], values, v0);
            v1 = Vector512.FusedMultiplyAdd(projections[1], values, v1);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddNoise(int j, float scale0, float scale1, ref float v0, ref float v1)
    {
        v0 = MathF.FusedMultiplyAdd(scale0, noise[j], v0);
        v1 = MathF.FusedMultiplyAdd(scale1, noise[j], v1);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddFactor(int k, int j, float u0, float u1, ref float v0, ref float v1)
    {
        float ak = a[((long)k * aStride) + j];
        v0 = MathF.FusedMultiplyAdd(u0, ak, v0);
        v1 = MathF.FusedMultiplyAdd(u1, ak, v1);
    }
}
