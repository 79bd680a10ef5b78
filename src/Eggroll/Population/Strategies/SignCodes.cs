using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// The code of an element of a pair's ±1 factors for a group of up to four ranks: bit k set where rank k of the group is −1.
/// Codes index the 16-entry tables of signed sums that the ES update (<see cref="SignUpdate"/>) and the forward's factor
/// terms (<see cref="RowTerms{TSource}"/>) look up (docs/algorithm.md §2.3).
/// </summary>
internal static unsafe class SignCodes
{
    /// <summary>Elements whose codes are written at a time: one vector of bytes from 64 bits of each rank.</summary>
    public const int Chunk = 64;

    /// <summary>1 in every byte: times a byte, the byte in every byte.</summary>
    public const ulong EveryByte = 0x0101_0101_0101_0101UL;

    /// <summary>Bit e of byte e.</summary>
    private const ulong BitOfEachByte = 0x8040_2010_0804_0201UL;

    /// <summary>How the codes are written; every writer gives the same bytes.</summary>
    public enum Writer
    {
        /// <summary>A multiply per byte of eight codes, no vectors.</summary>
        Scalar,

        /// <summary>AVX-512BW byte shuffles, one per rank and 64 codes.</summary>
        Shuffle,

        /// <summary>A bit-matrix transpose (GFNI affine transform after an AVX-512 VBMI byte permute): one of each per 64 codes.</summary>
        Affine,
    }

    /// <summary>The fastest writer this machine runs.</summary>
    public static Writer Fastest =>
        Gfni.V512.IsSupported && Avx512Vbmi.IsSupported ? Writer.Affine : Avx512BW.IsSupported ? Writer.Shuffle : Writer.Scalar;

    /// <summary>
    /// Writes to <paramref name="chunk"/> the codes of elements [<paramref name="index"/>, +64) of the rank rows [<paramref name="firstRank"/>,
    /// + <paramref name="size"/>) (each <paramref name="length"/> long, the first at element <paramref name="start"/> of the pair's stream),
    /// one byte each: bit k of byte e is the sign bit of element index + e of rank firstRank + k. Elements from
    /// <paramref name="length"/> on get 0. <paramref name="writer"/> must run on this machine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(ulong* chunk, uint* pair, int firstRank, int size, int length, long start, int index, Writer writer)
    {
        if (index >= length)
        {
            new Span<ulong>(chunk, Chunk / 8).Clear();
            return;
        }

        switch (writer)
        {
            case Writer.Affine:
                TransposedCodes(pair, firstRank, size, length, start, index).Store((byte*)chunk);
                return;
            case Writer.Shuffle:
                ShuffledCodes(pair, firstRank, size, length, start, index).Store((byte*)chunk);
                return;
            default:
                for (int e = 0; e < Chunk; e += 8)
                {
                    chunk[e / 8] = index + e < length ? Codes(pair, firstRank, size, length, start, index + e) : 0;
                }

                return;
        }
    }

    /// <summary>
    /// As <see cref="Write"/> for 64 elements by a transpose: qword i of the permuted bytes holds byte i of every rank's 64 bits
    /// (rank k at byte 7 − k, zeros below), and the affine transform of the bytes 1 &lt;&lt; e by that matrix is, in its bit k,
    /// bit e of rank k's byte i: the code of element 8i + e.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> TransposedCodes(uint* pair, int firstRank, int size, int length, long start, int index)
    {
        var ranks = Vector512.Create(
            Vector256.Create(
                RankBits(pair, firstRank, 0, size, length, start, index),
                RankBits(pair, firstRank, 1, size, length, start, index),
                RankBits(pair, firstRank, 2, size, length, start, index),
                RankBits(pair, firstRank, 3, size, length, start, index)),
            Vector256<ulong>.Zero).AsByte();

        // Byte 32 on is zero.
        var gather = Vector512.Create(
            (byte)32, 32, 32, 32, 24, 16, 8, 0, 32, 32, 32, 32, 25, 17, 9, 1, 32, 32, 32, 32, 26, 18, 10, 2, 32, 32, 32, 32, 27, 19, 11, 3,
            32, 32, 32, 32, 28, 20, 12, 4, 32, 32, 32, 32, 29, 21, 13, 5, 32, 32, 32, 32, 30, 22, 14, 6, 32, 32, 32, 32, 31, 23, 15, 7);
        var matrices = Avx512Vbmi.PermuteVar64x8(ranks, gather);
        return Gfni.V512.GaloisFieldAffineTransform(Vector512.Create(BitOfEachByte).AsByte(), matrices, 0);
    }

    /// <summary>The 64 sign bits from element <paramref name="index"/> of rank firstRank + k (0 past <paramref name="size"/> ranks and the row's end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RankBits(uint* pair, int firstRank, int k, int size, int length, long start, int index)
    {
        if (k >= size)
        {
            return 0;
        }

        int valid = Math.Min(Chunk, length - index);
        ulong mask = valid == Chunk ? ulong.MaxValue : (1UL << valid) - 1;
        long element = start + ((long)(firstRank + k) * length) + index;

        // The second read only where its elements are the row's: past the stream's last word it would leave the array.
        ulong bits = SignBits.Word(pair, element) | (valid > 32 ? (ulong)SignBits.Word(pair, element + 32) << 32 : 0);
        return bits & mask;
    }

    /// <summary>As <see cref="Write"/> for 64 elements with AVX-512BW byte shuffles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> ShuffledCodes(uint* pair, int firstRank, int size, int length, long start, int index)
    {
        // Byte e of the result takes byte e/8 of the 64 bits (a shuffle within each 16-byte lane of the broadcast, which holds
        // all eight bytes twice) and keeps bit e mod 8 of it.
        var spread = Vector512.Create(
            (byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3,
            4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7);
        var bit = Vector512.Create(BitOfEachByte).AsByte();
        var codes = Vector512<byte>.Zero;
        for (int k = 0; k < size; k++)
        {
            var spreadBits = Avx512BW.Shuffle(Vector512.Create(RankBits(pair, firstRank, k, size, length, start, index)).AsByte(), spread);
            codes |= Vector512.Min(spreadBits & bit, Vector512<byte>.One) << k;
        }

        return codes;
    }

    /// <summary>As <see cref="Write"/> for the 8 elements from <paramref name="index"/>, without vectors.</summary>
    private static ulong Codes(uint* pair, int firstRank, int size, int length, long start, int index)
    {
        uint valid = length - index >= 8 ? 0xFFu : (1u << (length - index)) - 1;
        ulong codes = 0;
        for (int k = 0; k < size; k++)
        {
            ulong bits = SignBits.Word(pair, start + ((long)(firstRank + k) * length) + index) & valid;

            // Bit e of the byte to bit 8e + e (the byte in every byte, masked; no carries), then each byte that is not 0 to 1.
            ulong spread = ((bits * EveryByte) & BitOfEachByte) + (0x7F * EveryByte);
            codes |= ((spread & (0x80 * EveryByte)) >> 7) << k;
        }

        return codes;
    }
}
