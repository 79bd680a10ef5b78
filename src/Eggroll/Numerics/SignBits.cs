using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics;

/// <summary>
/// Reads ±1 vectors stored one bit per element (bit j of word w is element 32·w + j; a set bit is −1) as sign positions:
/// flipping a float's sign where the bit is set multiplies it by the element exactly, so adding the result gives the same bits as a
/// fused multiply-add with the element as a float.
/// </summary>
internal static unsafe class SignBits
{
    /// <summary>Bits of elements [<paramref name="element"/>, <paramref name="element"/> + 32); reads the word after the element's too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Word(uint* words, long element) => BitsFrom(words + (element >> 5), (int)(element & 31));

    /// <summary>The 32 bits from bit <paramref name="shift"/> (0–31) of <paramref name="word"/> on; reads the word after it too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint BitsFrom(uint* word, int shift) => (uint)(Unsafe.ReadUnaligned<ulong>(word) >> shift);

    /// <summary>
    /// Bits of elements [<paramref name="element"/>, <paramref name="element"/> + 16), a multiple of 16, in the low 16 of one
    /// 32-bit read (the high 16 are the next elements', which <see cref="Positions(uint)"/> ignores); reads into the next word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint HalfWord(uint* words, long element) => Unsafe.ReadUnaligned<uint>((ushort*)words + (element >> 4));

    /// <summary>
    /// The bits of the 16 elements in the low 16 of <paramref name="bits"/>, each moved to its lane's sign position; the
    /// lanes' other bits are unspecified, for <see cref="Flip"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Positions(uint bits) => Positions(Vector512.Create(bits), high: false);

    /// <summary>As <see cref="Positions(uint)"/> for all 32 elements of <paramref name="bits"/>: elements 0–15 and 16–31, from one broadcast.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<uint> Low, Vector512<uint> High) Positions32(uint bits)
    {
        var all = Vector512.Create(bits);
        return (Positions(all, high: false), Positions(all, high: true));
    }

    /// <summary>
    /// <paramref name="value"/> with its sign flipped in the lanes whose sign position in <paramref name="positions"/> is set:
    /// the value times the elements, exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Flip(Vector512<float> value, Vector512<uint> positions)
    {
        // Constants built here rather than static fields: the kernels are compiled once, fully optimised, before any
        // static field is initialised, and a static read would then stay in their loops as a helper call.
        var signBit = Vector512.Create(0x8000_0000u);

        // value ^ (positions & signBit) in one instruction: truth table 0x78 of (value, positions, signBit).
        return Avx512F.IsSupported
            ? Avx512F.TernaryLogic(value.AsUInt32(), positions, signBit, 0x78).AsSingle()
            : (value.AsUInt32() ^ (positions & signBit)).AsSingle();
    }

    /// <summary>Lane l's bit l (bit 16 + l when <paramref name="high"/>) of <paramref name="all"/> at the lane's sign position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Positions(Vector512<uint> all, bool high)
    {
        if (Avx512F.IsSupported)
        {
            // One variable shift per lane instead of a test and a blend.
            var toSign = high
                ? Vector512.Create(15u, 14u, 13u, 12u, 11u, 10u, 9u, 8u, 7u, 6u, 5u, 4u, 3u, 2u, 1u, 0u)
                : Vector512.Create(31u, 30u, 29u, 28u, 27u, 26u, 25u, 24u, 23u, 22u, 21u, 20u, 19u, 18u, 17u, 16u);
            return Avx512F.ShiftLeftLogicalVariable(all, toSign);
        }

        var laneBits = Vector512.Create(1u, 1u << 1, 1u << 2, 1u << 3, 1u << 4, 1u << 5, 1u << 6, 1u << 7, 1u << 8, 1u << 9, 1u << 10, 1u << 11, 1u << 12, 1u << 13, 1u << 14, 1u << 15);
        if (high)
        {
            laneBits <<= 16;
        }

        // All bits set where the element's is, so the sign position too; Flip masks the rest.
        return Vector512.Equals(all & laneBits, laneBits);
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
            Flip(scaled, Positions(Word(words, element + i))).Store(destination + i);
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
            (Vector512.Load(destination + i) + Flip(scaled, Positions(Word(words, element + i)))).Store(destination + i);
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
