using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics;

/// <summary>
/// Reads ±1 vectors stored one bit per element (bit j of word w is element 32·w + j; a set bit is −1) as sign masks:
/// XORing a float with the mask multiplies it by the element exactly, so adding the result gives the same bits as a
/// fused multiply-add with the element as a float.
/// </summary>
internal static unsafe class SignBits
{
    /// <summary>Bits of elements [<paramref name="element"/>, <paramref name="element"/> + 32); reads the word after the element's too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Word(uint* words, long element) =>
        (uint)(Unsafe.ReadUnaligned<ulong>(words + (element >> 5)) >> (int)(element & 31));

    /// <summary>The sign masks (0x80000000 where the bit is set) of the 16 elements whose bits are the low 16 of <paramref name="bits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Mask(uint bits)
    {
        // Constants built here rather than static fields: the kernels are compiled once, fully optimised, before any
        // static field is initialised, and a static read would then stay in their loops as a helper call.
        var signBit = Vector512.Create(0x8000_0000u);
        if (Avx512F.IsSupported)
        {
            // Lane l's bit shifted to the sign position: one variable shift instead of a test and a blend.
            var toSign = Vector512.Create(31u, 30u, 29u, 28u, 27u, 26u, 25u, 24u, 23u, 22u, 21u, 20u, 19u, 18u, 17u, 16u);
            return (Avx512F.ShiftLeftLogicalVariable(Vector512.Create(bits), toSign) & signBit).AsSingle();
        }

        var laneBits = Vector512.Create(1u, 1u << 1, 1u << 2, 1u << 3, 1u << 4, 1u << 5, 1u << 6, 1u << 7, 1u << 8, 1u << 9, 1u << 10, 1u << 11, 1u << 12, 1u << 13, 1u << 14, 1u << 15);
        return (Vector512.Equals(Vector512.Create(bits) & laneBits, laneBits) & signBit).AsSingle();
    }

    /// <summary>
    /// Writes destination[i] = ±<paramref name="value"/> for i in [0, <paramref name="count"/>), negative where the bit of element
    /// <paramref name="element"/> + i is set: the elements times <paramref name="value"/>, exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(uint* words, long element, float value, float* destination, int count)
    {
        var scaled = Vector512.Create(value);
        int i = 0;
        for (; i <= count - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            (scaled ^ Mask(Word(words, element + i))).Store(destination + i);
        }

        for (; i < count; i++)
        {
            destination[i] = Apply(value, words, element + i);
        }
    }

    /// <summary>
    /// Adds ±<paramref name="value"/> to destination[i] for i in [0, <paramref name="count"/>), negative where the bit of element
    /// <paramref name="element"/> + i is set: destination += value·(the elements), with one rounding per element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddTo(uint* words, long element, float value, float* destination, int count)
    {
        var scaled = Vector512.Create(value);
        int i = 0;
        for (; i <= count - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            (Vector512.Load(destination + i) + (scaled ^ Mask(Word(words, element + i)))).Store(destination + i);
        }

        for (; i < count; i++)
        {
            destination[i] += Apply(value, words, element + i);
        }
    }

    /// <summary>The sign mask of one element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float value, uint* words, long element) =>
        ((words[element >> 5] >> (int)(element & 31)) & 1) != 0 ? -value : value;
}
