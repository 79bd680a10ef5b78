using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// A matrix's estimate from Rademacher factors, ĝ = α·Σ_p c_p·A_pᵀ·B_p (docs/algorithm.md §2.3), read from the bits:
/// each pair's ranks, four at a time, become one term of <see cref="SignProductSum"/> whose row codes come from A_pᵀ
/// and column codes from B_p. From rank 2 on this is faster than the product of the ±1 floats (one permute and one add
/// per 16 outputs and up to four ranks, against one fused multiply-add per rank), and it reads 1 byte per element and
/// up to four ranks where the product reads 4 per element and rank, written out first. At rank 1 the product is faster
/// (docs/speed.md). Its sums round differently from the product's (a pair's ranks are added as one value), within the
/// float tolerance of the definition.
/// </summary>
internal sealed unsafe class SignUpdate
{
    /// <summary>Pairs' code bytes one thread writes per run at least.</summary>
    private const int MinCodesPerRun = 1 << 15;

    /// <summary>Elements whose codes are written at a time: one vector of bytes from 64 bits of each rank.</summary>
    private const int Chunk = 64;

    /// <summary>1 in every byte: times a byte, the byte in every byte.</summary>
    private const ulong EveryByte = 0x0101_0101_0101_0101UL;

    /// <summary>Bit e of byte e.</summary>
    private const ulong BitOfEachByte = 0x8040_2010_0804_0201UL;

    private readonly SignProductSum kernel = new();
    private readonly Action<int> writeRun;
    private byte[] rowCodes = [];
    private byte[] columnCodes = [];
    private float[] termWeights = [];
    private SignPairNoise? signs;
    private PairRuns runs;
    private int rank, groups, m, n;
    private bool shuffleCodes;

    /// <summary>Creates the update's buffers, sized on first use.</summary>
    public SignUpdate() => writeRun = WriteRun;

    /// <summary>Whether <see cref="Estimate"/> serves rank <paramref name="rank"/>: from rank 2 on (every kernel path gives the same bits).</summary>
    public static bool Serves(int rank) => rank >= 2;

    /// <summary>
    /// Writes α·Σ_p w_p·A_pᵀ·B_p to <paramref name="gradient"/> (m × n), where pair p's stream in <paramref name="noise"/> holds
    /// A_pᵀ (<paramref name="rank"/> rows of <paramref name="m"/>) and then B_p (rank rows of <paramref name="n"/>).
    /// </summary>
    public void Estimate(SignPairNoise noise, int rank, int m, int n, ReadOnlySpan<float> pairWeights, float alpha, Span<float> gradient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(noise.Length, (long)rank * (m + n), nameof(noise));
        (signs, this.rank, this.m, this.n) = (noise, rank, m, n);
        shuffleCodes = SignProductSum.Level == KernelLevel.Avx512;
        groups = (rank + SignProductSum.MaxGroup - 1) / SignProductSum.MaxGroup;
        int terms = noise.Pairs * groups;
        Buffers.EnsureLength(ref rowCodes, SignProductSum.RowCodeLength(terms, m));
        Buffers.EnsureLength(ref columnCodes, SignProductSum.ColumnCodeLength(terms, n));
        Buffers.EnsureLength(ref termWeights, terms);
        for (int q = 0; q < terms; q++)
        {
            termWeights[q] = pairWeights[q / groups];
        }

        runs = PairRuns.For(noise.Pairs, (long)terms * (m + n), MinCodesPerRun);
        Parallelism.For(runs.Count, writeRun);
        signs = null;
        kernel.Run(rowCodes, columnCodes, termWeights, terms, m, n, alpha, gradient);
    }

    [SkipLocalsInit]
    private void WriteRun(int run)
    {
        var (first, end) = runs.Range(run);
        int terms = signs!.Pairs * groups;
        long paddedColumns = SignProductSum.ColumnCodeLength(1, n);
        ulong* chunk = stackalloc ulong[Chunk / 8];
        fixed (uint* words = signs.Words)
        fixed (byte* rows = rowCodes)
        fixed (byte* columns = columnCodes)
        {
            for (int p = first; p < end; p++)
            {
                uint* pair = words + ((long)p * signs.WordsPerPair);
                for (int g = 0; g < groups; g++)
                {
                    int q = (p * groups) + g, firstRank = g * SignProductSum.MaxGroup;
                    int size = Math.Min(SignProductSum.MaxGroup, rank - firstRank);
                    ulong groupOffset = (ulong)((size - 1) * SignProductSum.CodesPerGroup) * EveryByte;
                    for (int i = 0; i < m; i += Chunk)
                    {
                        WriteChunk(chunk, pair, firstRank, size, m, 0, i);
                        for (int e = i; e < Math.Min(i + Chunk, m); e += 8)
                        {
                            *(ulong*)(rows + SignProductSum.RowCodeIndex(terms, e, q)) = groupOffset | chunk[(e - i) / 8];
                        }
                    }

                    for (int j = 0; j < paddedColumns; j += Chunk)
                    {
                        WriteChunk(chunk, pair, firstRank, size, n, (long)rank * m, j);
                        for (int e = j; e < Math.Min(j + Chunk, paddedColumns); e += 8)
                        {
                            *(ulong*)(columns + SignProductSum.ColumnCodeIndex(terms, e, q)) = chunk[(e - j) / 8];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes to <paramref name="chunk"/> the codes of elements [<paramref name="index"/>, +64) of the rank rows [<paramref name="firstRank"/>,
    /// + <paramref name="size"/>) (each <paramref name="length"/> long, the first at element <paramref name="start"/> of the pair's stream),
    /// one byte each: bit k of byte e is the sign bit of element index + e of rank firstRank + k. Elements from
    /// <paramref name="length"/> on get 0.
    /// </summary>
    private void WriteChunk(ulong* chunk, uint* pair, int firstRank, int size, int length, long start, int index)
    {
        if (shuffleCodes)
        {
            ShuffledCodes(pair, firstRank, size, length, start, index).Store((byte*)chunk);
            return;
        }

        for (int e = 0; e < Chunk; e += 8)
        {
            chunk[e / 8] = index + e < length ? Codes(pair, firstRank, size, length, start, index + e) : 0;
        }
    }

    /// <summary>As <see cref="WriteChunk"/> for 64 elements with AVX-512BW byte shuffles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> ShuffledCodes(uint* pair, int firstRank, int size, int length, long start, int index)
    {
        // Byte e of the result takes byte e/8 of the 64 bits (a shuffle within each 16-byte lane of the broadcast, which holds
        // all eight bytes twice) and keeps bit e mod 8 of it.
        var spread = Vector512.Create(
            (byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3,
            4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7);
        var bit = Vector512.Create(BitOfEachByte).AsByte();
        int valid = Math.Min(Chunk, length - index);
        ulong mask = valid == Chunk ? ulong.MaxValue : (1UL << valid) - 1;
        var codes = Vector512<byte>.Zero;
        for (int k = 0; k < size; k++)
        {
            long element = start + ((long)(firstRank + k) * length) + index;

            // The second read only where its elements are the row's: past the stream's last word it would leave the array.
            ulong bits = SignBits.Word(pair, element) | (valid > 32 ? (ulong)SignBits.Word(pair, element + 32) << 32 : 0);
            var spreadBits = Avx512BW.Shuffle(Vector512.Create(bits & mask).AsByte(), spread);
            codes |= Vector512.Min(spreadBits & bit, Vector512<byte>.One) << k;
        }

        return codes;
    }

    /// <summary>As <see cref="WriteChunk"/> for the 8 elements from <paramref name="index"/>, without vectors.</summary>
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
