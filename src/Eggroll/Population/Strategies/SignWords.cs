using System.Runtime.CompilerServices;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>How <see cref="SignTermSource{TWords}"/> reads the bits of one 16-element vector step.</summary>
internal interface ISignWords
{
    /// <summary>The bits of elements [<paramref name="element"/>, <paramref name="element"/> + 16) in the low 16 of the result.</summary>
    static abstract unsafe uint Read(uint* words, long element);
}

/// <summary>Steps that may start at any element: a shifted read of the 64 bits around them (<see cref="SignBits.Word"/>).</summary>
internal readonly struct AnyElementWords : ISignWords
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe uint Read(uint* words, long element) => SignBits.Word(words, element);
}

/// <summary>
/// Steps that all start on a multiple of 16 elements: one 32-bit read (<see cref="SignBits.HalfWord"/>), which the vector
/// broadcast takes straight from memory.
/// </summary>
internal readonly struct HalfWords : ISignWords
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe uint Read(uint* words, long element) => SignBits.HalfWord(words, element);
}
