using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// A pair's bias noise as floats (ε from <paramref name="noise"/>, may be null) and its factors stored in 16 bits
/// (<see cref="Fixed16"/>: a_k from <paramref name="a"/> + k·<paramref name="aStride"/>), each read as its exact float, so the
/// terms are bit-identical to <see cref="FloatTermSource"/>'s on the factors written out as floats.
/// </summary>
internal readonly unsafe struct Fixed16TermSource(float* noise, short* a, int aStride) : IPairTermSource
{
    private readonly FloatTermSource noiseOnly = new(noise, null, 0);

    /// <inheritdoc/>
    public bool HasNoise => noiseOnly.HasNoise;

    /// <inheritdoc/>
    public bool HasFactors => a is not null;

    /// <inheritdoc/>
    public bool HasSignCodes => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddNoise(int j, Vector512<float> scale0, Vector512<float> scale1, ref Vector512<float> v0, ref Vector512<float> v1) =>
        noiseOnly.AddNoise(j, scale0, scale1, ref v0, ref v1);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NoiseElement(int j) => noiseOnly.NoiseElement(j);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Factor(int k, int j) => Fixed16.Load16(a + ((long)k * aStride) + j);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float FactorElement(int k, int j) => Fixed16.Element(a[((long)k * aStride) + j]);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddFactor(int k, int j, Vector512<float> u0, Vector512<float> u1, ref Vector512<float> v0, ref Vector512<float> v1) =>
        FloatTermSource.AddValues(Factor(k, j), u0, u1, ref v0, ref v1);

    /// <inheritdoc/>
    public Vector512<int> Codes(int group, int size, int j) => throw new NotSupportedException("Stored Gaussian factors have no sign codes.");
}
