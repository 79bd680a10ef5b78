using System.Runtime.CompilerServices;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// A matrix's estimate from Rademacher factors, ĝ = α·Σ_p c_p·A_pᵀ·B_p (docs/algorithm.md §2.3), read from the bits:
/// each of a pair's <see cref="FactorGroups"/> (up to four ranks, as in the forward) becomes one term of
/// <see cref="SignProductSum"/> whose row codes come from A_pᵀ and column codes from B_p. From rank 2 on this is faster than the product of the ±1 floats (one permute and one add
/// per 16 outputs and up to four ranks, against one fused multiply-add per rank), and it reads 1 byte per element and
/// up to four ranks where the product reads 4 per element and rank, written out first. At rank 1 the product is faster
/// (docs/speed.md). Its sums round differently from the product's (a pair's ranks are added as one value), within the
/// float tolerance of the definition.
/// </summary>
internal sealed unsafe class SignUpdate
{
    /// <summary>Pairs' code bytes one thread writes per run at least.</summary>
    private const int MinCodesPerRun = 1 << 15;

    private readonly SignProductSum kernel = new();
    private readonly Action<int> writeRun;
    private byte[] rowCodes = [];
    private byte[] columnCodes = [];
    private float[] termWeights = [];
    private SignPairNoise? signs;
    private PairRuns runs;
    private int rank, groups, m, n;
    private SignCodes.Writer codeWriter;

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
        codeWriter = SignProductSum.Level == KernelLevel.Avx512 ? SignCodes.Fastest : SignCodes.Writer.Scalar;
        groups = FactorGroups.Count(rank);
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
        ulong* chunk = stackalloc ulong[SignCodes.Chunk / 8];
        fixed (uint* words = signs.Words)
        fixed (byte* rows = rowCodes)
        fixed (byte* columns = columnCodes)
        {
            for (int p = first; p < end; p++)
            {
                uint* pair = words + ((long)p * signs.WordsPerPair);
                for (int g = 0; g < groups; g++)
                {
                    int q = (p * groups) + g, firstRank = g * FactorGroups.Size, size = FactorGroups.SizeOf(g, rank);
                    ulong groupOffset = (ulong)((size - 1) * SignProductSum.CodesPerGroup) * SignCodes.EveryByte;
                    for (int i = 0; i < m; i += SignCodes.Chunk)
                    {
                        SignCodes.Write(chunk, pair, firstRank, size, m, 0, i, codeWriter);
                        for (int e = i; e < Math.Min(i + SignCodes.Chunk, m); e += 8)
                        {
                            *(ulong*)(rows + SignProductSum.RowCodeIndex(terms, e, q)) = groupOffset | chunk[(e - i) / 8];
                        }
                    }

                    for (int j = 0; j < paddedColumns; j += SignCodes.Chunk)
                    {
                        SignCodes.Write(chunk, pair, firstRank, size, n, (long)rank * m, j, codeWriter);
                        for (int e = j; e < Math.Min(j + SignCodes.Chunk, paddedColumns); e += 8)
                        {
                            *(ulong*)(columns + SignProductSum.ColumnCodeIndex(terms, e, q)) = chunk[(e - j) / 8];
                        }
                    }
                }
            }
        }
    }
}
