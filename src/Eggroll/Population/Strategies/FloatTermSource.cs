using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Eggroll.Population.Strategies;

/// <summary>A pair's bias noise and factors as floats: ε from <paramref name="noise"/>, a_k from <paramref name="a"/> + k·<paramref name="aStride"/>; either may be null.</summary>
internal readonly unsafe struct FloatTermSource(float* noise, float* a, int aStride) : IPairTermSource
{
    /// <inheritdoc/>
    public bool HasNoise => noise is not null;

    /// <inheritdoc/>
    public bool HasFactors => a is not null;

    /// <inheritdoc/>
    public bool HasSignCodes => false;

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
    public float NoiseElement(int j) => noise[j];

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Factor(int k, int j) => Vector512.Load(a + ((long)k * aStride) + j);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float FactorElement(int k, int j) => a[((long)k * aStride) + j];

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddFactor(int k, int j, Vector512<float> u0, Vector512<float> u1, ref Vector512<float> v0, ref Vector512<float> v1) =>
        AddValues(Factor(k, j), u0, u1, ref v0, ref v1);

    /// <summary>v0 = fma(u0, values, v0), v1 = fma(u1, values, v1): one factor's term for both rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddValues(Vector512<float> values, Vector512<float> u0, Vector512<float> u1, ref Vector512<float> v0, ref Vector512<float> v1)
    {
        v0 = Vector512.FusedMultiplyAdd(u0, values, v0);
        v1 = Vector512.FusedMultiplyAdd(u1, values, v1);
    }

    /// <inheritdoc/>
    public Vector512<int> Codes(int group, int size, int j) => throw new NotSupportedException("Float factors have no sign codes.");
}
