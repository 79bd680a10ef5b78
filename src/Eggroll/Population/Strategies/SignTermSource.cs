using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// A pair's ±1 bias noise and factors as bits (<see cref="SignBits"/>): ε from element <paramref name="noiseElement"/> of
/// <paramref name="noise"/>, a_k from element <paramref name="aElement"/> + k·<paramref name="aStride"/> of <paramref name="a"/>;
/// either may be null. An element is +1 or −1 exactly, so every product with it is exact and the terms round as the float
/// path's on the same values. With AVX-512 the factors' sign codes are read from <paramref name="codes"/>, group g's from
/// <paramref name="codes"/> + g·<paramref name="codeStride"/> (<see cref="SignPairNoise.RowCodes"/>), or where it is null formed
/// from the bits in registers.
/// <typeparamref name="TWords"/> reads a vector step's bits; <see cref="HalfWords"/> needs every step of the noise and of each
/// factor to start on a multiple of 16 elements.
/// </summary>
internal readonly unsafe struct SignTermSource<TWords>(uint* noise, long noiseElement, uint* a, long aElement, long aStride, byte* codes, long codeStride) : IPairTermSource
    where TWords : struct, ISignWords
{
    /// <summary>Truth table of a | (b &amp; c) for the ternary logic of (a, b, c).</summary>
    private const byte KeepOr = 0xF8;

    /// <inheritdoc/>
    public bool HasNoise => noise is not null;

    /// <inheritdoc/>
    public bool HasFactors => a is not null;

    /// <inheritdoc/>
    public bool HasSignCodes => true;

    /// <inheritdoc/>
    /// <remarks>As v + (±scale): the sign flipped where the bit is set, then added (the same rounding as the fused multiply-add by ±1).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddNoise(int j, Vector512<float> scale0, Vector512<float> scale1, ref Vector512<float> v0, ref Vector512<float> v1) =>
        AddFlipped(TWords.Read(noise, noiseElement + j), scale0, scale1, ref v0, ref v1);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NoiseElement(int j) => SignBits.Apply(1f, noise, noiseElement + j);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Factor(int k, int j) => Signs(a, aElement + (k * aStride) + j);

    /// <inheritdoc/>
    /// <remarks>As <see cref="AddNoise"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddFactor(int k, int j, Vector512<float> u0, Vector512<float> u1, ref Vector512<float> v0, ref Vector512<float> v1) =>
        AddFlipped(TWords.Read(a, aElement + (k * aStride) + j), u0, u1, ref v0, ref v1);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float FactorElement(int k, int j) => SignBits.Apply(1f, a, aElement + (k * aStride) + j);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<int> Codes(int group, int size, int j) =>
        codes is not null
            ? Avx512F.ConvertToVector512Int32(Vector128.Load(codes + (group * codeStride) + j))
            : CodesFromBits(aElement + (group * FactorGroups.Size * aStride) + j, size);

    /// <summary>
    /// The codes of elements [element, element + 16) of <paramref name="size"/> factors from the bits: factor i's bit of lane l
    /// rotated from position l to position i and kept there. The permute that takes them reads bits 0–3 only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<int> CodesFromBits(long element, int size)
    {
        var code = Avx512F.ShiftRightLogicalVariable(Vector512.Create(TWords.Read(a, element)), Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)) & Vector512<uint>.One;
        if (size > 1)
        {
            var toPosition1 = Vector512.Create(31u, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
            code = Avx512F.TernaryLogic(code, Avx512F.RotateRightVariable(Vector512.Create(TWords.Read(a, element + aStride)), toPosition1), Vector512.Create(2u), KeepOr);
        }

        if (size > 2)
        {
            var toPosition2 = Vector512.Create(30u, 31, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
            code = Avx512F.TernaryLogic(code, Avx512F.RotateRightVariable(Vector512.Create(TWords.Read(a, element + (2 * aStride))), toPosition2), Vector512.Create(4u), KeepOr);
        }

        if (size > 3)
        {
            var toPosition3 = Vector512.Create(29u, 30, 31, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
            code = Avx512F.TernaryLogic(code, Avx512F.RotateRightVariable(Vector512.Create(TWords.Read(a, element + (3 * aStride))), toPosition3), Vector512.Create(8u), KeepOr);
        }

        return code.AsInt32();
    }

    /// <summary>v0 += value0 and v1 += value1 with their signs flipped where <paramref name="bits"/> are set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddFlipped(uint bits, Vector512<float> value0, Vector512<float> value1, ref Vector512<float> v0, ref Vector512<float> v1)
    {
        var positions = SignBits.Positions(bits);
        v0 += SignBits.Flip(value0, positions);
        v1 += SignBits.Flip(value1, positions);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Signs(uint* words, long element) => SignBits.Flip(Vector512<float>.One, SignBits.Positions(TWords.Read(words, element)));
}
