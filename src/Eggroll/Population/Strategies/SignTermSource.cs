using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// A pair's ±1 bias noise and factors as bits (<see cref="SignBits"/>): ε from element <paramref name="noiseElement"/> of
/// <paramref name="noise"/>, a_k from element <paramref name="aElement"/> + k·<paramref name="aStride"/> of <paramref name="a"/>;
/// either may be null. An element is +1 or −1 exactly, so every product with it is exact and the terms round as the float
/// path's on the same values. <paramref name="codes"/>, where not null, holds the factors' sign codes for the same elements,
/// group g's from <paramref name="codes"/> + g·<paramref name="codeStride"/> (<see cref="SignPairNoise.RowCodes"/>); they are read
/// with AVX-512 only.
/// <typeparamref name="TWords"/> reads a vector step's bits; <see cref="HalfWords"/> needs every step of the noise and of each
/// factor to start on a multiple of 16 elements.
/// </summary>
internal readonly unsafe struct SignTermSource<TWords>(uint* noise, long noiseElement, uint* a, long aElement, long aStride, byte* codes, long codeStride) : IPairTermSource
    where TWords : struct, ISignWords
{
    /// <inheritdoc/>
    public bool HasNoise => noise is not null;

    /// <inheritdoc/>
    public bool HasFactors => a is not null;

    /// <inheritdoc/>
    public bool HasCodes => Avx512F.IsSupported && codes is not null;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Noise(int j) => Signs(noise, noiseElement + j);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NoiseElement(int j) => SignBits.Apply(1f, noise, noiseElement + j);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Factor(int k, int j) => Signs(a, aElement + (k * aStride) + j);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float FactorElement(int k, int j) => SignBits.Apply(1f, a, aElement + (k * aStride) + j);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<int> Codes(int group, int j) => Avx512F.ConvertToVector512Int32(Vector128.Load(codes + (group * codeStride) + j));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Signs(uint* words, long element) => SignBits.Flip(Vector512<float>.One, SignBits.Positions(TWords.Read(words, element)));
}
