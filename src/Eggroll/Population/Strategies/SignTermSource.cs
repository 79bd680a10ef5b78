using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// A pair's ±1 bias noise and factors as bits (<see cref="SignBits"/>): ε from element <paramref name="noiseElement"/> of
/// <paramref name="noise"/>, a_k from element <paramref name="aElement"/> + k·<paramref name="aStride"/> of <paramref name="a"/>;
/// either may be null. A term is the value with its sign flipped where the bit is set, then added: the same single rounding
/// as <see cref="FloatTermSource"/>'s fused multiply-add by the ±1 written out as a float, so the results are bit-identical.
/// <typeparamref name="TWords"/> reads a vector step's bits; <see cref="HalfWords"/> needs every step of the noise and of each
/// factor to start on a multiple of 16 elements.
/// </summary>
internal readonly unsafe struct SignTermSource<TWords>(uint* noise, long noiseElement, uint* a, long aElement, long aStride) : IPairTermSource
    where TWords : struct, ISignWords
{
    /// <inheritdoc/>
    public bool HasNoise => noise is not null;

    /// <inheritdoc/>
    public bool HasFactors => a is not null;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddNoise(int j, Vector512<float> scale0, Vector512<float> scale1, ref Vector512<float> v0, ref Vector512<float> v1)
    {
        var positions = SignBits.Positions(TWords.Read(noise, noiseElement + j));
        v0 += SignBits.Flip(scale0, positions);
        v1 += SignBits.Flip(scale1, positions);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddFactors(int j, Vector512<float>* projections, int factors, ref Vector512<float> v0, ref Vector512<float> v1)
    {
        long element = aElement + j;
        for (int k = 0; k < factors; k++, element += aStride, projections += 2)
        {
            var positions = SignBits.Positions(TWords.Read(a, element));
            v0 += SignBits.Flip(projections[0], positions);
            v1 += SignBits.Flip(projections[1], positions);
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddNoise(int j, float scale0, float scale1, ref float v0, ref float v1)
    {
        v0 += SignBits.Apply(scale0, noise, noiseElement + j);
        v1 += SignBits.Apply(scale1, noise, noiseElement + j);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddFactor(int k, int j, float u0, float u1, ref float v0, ref float v1)
    {
        long element = aElement + (k * aStride) + j;
        v0 += SignBits.Apply(u0, a, element);
        v1 += SignBits.Apply(u1, a, element);
    }
}
