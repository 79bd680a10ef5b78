using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics;

/// <summary>
/// Weighted sums of products of ±1 matrices, up to four ranks at a time: c[i, j] = α·Σ_q w_q·Σ_k a_{q,k,i}·b_{q,k,j}, the
/// k-sum over the g_q ≤ 4 ranks of term q. Each term's ranks are read as codes, one per row i and column j, whose bit k is set
/// where the element of rank k is −1, so the k-sum is g_q − 2·popcount(a ⊕ b). A row's code picks a row of 16 such sums,
/// which times w_q is a 16-entry table; the 16 columns' codes then look their values up with one permute (vpermps) and one
/// add, where a plain product of floats takes g_q fused multiply-adds. The sums of a term are at most 4·|w_q|, products
/// of w_q by a power of two (g_q = 3 excepted), and each output adds its terms in order q = 0, 1, …: the result does
/// not depend on the thread count, the tiling or the path (<see cref="SignProductTile512"/>, <see cref="SignProductTile256"/>, <see cref="SignProductTilePortable"/>).
/// </summary>
internal sealed unsafe class SignProductSum
{
    /// <summary>Rows of a tile: one row block of codes holds 8 bytes per term.</summary>
    public const int Rows = 8;

    /// <summary>Columns of a tile: one column block of codes holds 48 bytes per term.</summary>
    public const int Columns = 48;

    /// <summary>Ranks one term covers at most.</summary>
    public const int MaxGroup = 4;

    /// <summary>Codes per group size: row (g − 1)·16 + a of the sums serves row code a of a g-rank term.</summary>
    public const int CodesPerGroup = 16;

    /// <summary>Row blocks of one task: 64 rows, whose column block of codes stays in L1 between them.</summary>
    private const int RowBlocksPerTask = 8;

    /// <summary>
    /// Row (g − 1)·16 + a, entry y: g − 2·popcount(a ⊕ y), the sum over g ranks of the products of ±1 elements coded a and
    /// y. Pinned, as the kernel reads it through a pointer.
    /// </summary>
    private static readonly float[] Sums = CreateSums();

    private static readonly Func<KernelLevel, bool> Supported = IsSupported;

    private readonly Action<int> runTask;
    private byte* rowCodes;
    private byte* columnCodes;
    private float* weights;
    private float* output;
    private int terms, m, n, rowTasks;
    private KernelLevel level;
    private float alpha;

    /// <summary>Creates the kernel's driver; one instance runs one product at a time.</summary>
    public SignProductSum() => runTask = RunTask;

    /// <summary>
    /// The tile's path: the highest that the machine runs and the GEMM family's ceiling (<see cref="KernelPaths"/>)
    /// allows, as the kernel stands in for a product. Every path gives the same bits.
    /// </summary>
    public static KernelLevel Level => KernelPaths.Highest(KernelFamily.Gemm, Supported);

    /// <summary>Whether the tile of <paramref name="level"/> runs here: AVX-512F and BW (the codes' writer uses BW), AVX2, or always.</summary>
    public static bool IsSupported(KernelLevel level) => level switch
    {
        KernelLevel.Avx512 => Avx512F.IsSupported && Avx512BW.IsSupported,
        KernelLevel.Avx2 => Avx2.IsSupported,
        _ => true,
    };

    /// <summary>Index of row i's code of term q: row blocks of 8 rows, each block all terms' 8 codes in turn.</summary>
    public static long RowCodeIndex(int terms, int i, int q) => (((long)(i / Rows) * terms) + q) * Rows + (i % Rows);

    /// <summary>Index of column j's code of term q: column blocks of 48, each block all terms' 48 codes in turn.</summary>
    public static long ColumnCodeIndex(int terms, int j, int q) => (((long)(j / Columns) * terms) + q) * Columns + (j % Columns);

    /// <summary>Bytes of row codes for <paramref name="m"/> rows: whole row blocks.</summary>
    public static long RowCodeLength(int terms, int m) => (long)RowBlocks(m) * terms * Rows;

    /// <summary>Bytes of column codes for <paramref name="n"/> columns: whole column blocks.</summary>
    public static long ColumnCodeLength(int terms, int n) => (long)ColumnBlocks(n) * terms * Columns;

    /// <summary>
    /// c[i·n + j] = α·Σ_q w_q·(the sum of row i's and column j's codes of term q) for i &lt; <paramref name="m"/>,
    /// j &lt; <paramref name="n"/>, with the codes in the layouts of <see cref="RowCodeIndex"/> and <see cref="ColumnCodeIndex"/>
    /// (row codes carry their group offset (g − 1)·16), on up to <see cref="Parallelism.MaxThreads"/> threads.
    /// </summary>
    public void Run(ReadOnlySpan<byte> rowCodes, ReadOnlySpan<byte> columnCodes, ReadOnlySpan<float> weights, int terms, int m, int n, float alpha, Span<float> c)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(terms, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowCodes.Length, RowCodeLength(terms, m), nameof(rowCodes));
        ArgumentOutOfRangeException.ThrowIfLessThan(columnCodes.Length, ColumnCodeLength(terms, n), nameof(columnCodes));
        ArgumentOutOfRangeException.ThrowIfLessThan(weights.Length, terms, nameof(weights));
        ArgumentOutOfRangeException.ThrowIfLessThan(c.Length, (long)m * n, nameof(c));
        fixed (byte* rows = rowCodes)
        fixed (byte* columns = columnCodes)
        fixed (float* w = weights)
        fixed (float* target = c)
        {
            this.rowCodes = rows;
            this.columnCodes = columns;
            this.weights = w;
            output = target;
            (this.terms, this.m, this.n, this.alpha) = (terms, m, n, alpha);
            level = Level;
            rowTasks = (RowBlocks(m) + RowBlocksPerTask - 1) / RowBlocksPerTask;
            Parallelism.For(rowTasks * ColumnBlocks(n), runTask);
            this.rowCodes = null;
            this.columnCodes = null;
            this.weights = null;
            output = null;
        }
    }

    /// <summary>One column block's tiles over up to eight row blocks; a tile past the output's edge goes through a scratch tile.</summary>
    [SkipLocalsInit]
    private void RunTask(int task)
    {
        int columnBlock = task / rowTasks, firstRowBlock = task % rowTasks * RowBlocksPerTask;
        int j = columnBlock * Columns, columns = Math.Min(Columns, n - j);
        byte* blockColumns = columnCodes + ((long)columnBlock * terms * Columns);
        float* sums = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Sums));
        float* scratch = stackalloc float[Rows * Columns];
        int lastRowBlock = Math.Min(firstRowBlock + RowBlocksPerTask, RowBlocks(m));
        for (int rowBlock = firstRowBlock; rowBlock < lastRowBlock; rowBlock++)
        {
            int i = rowBlock * Rows, rows = Math.Min(Rows, m - i);
            byte* blockRows = rowCodes + ((long)rowBlock * terms * Rows);
            float* c = output + ((long)i * n) + j;
            if (rows == Rows && columns == Columns)
            {
                RunTile(blockRows, blockColumns, sums, c, n);
                continue;
            }

            RunTile(blockRows, blockColumns, sums, scratch, Columns);
            for (int r = 0; r < rows; r++)
            {
                new ReadOnlySpan<float>(scratch + (r * Columns), columns).CopyTo(new Span<float>(c + ((long)r * n), columns));
            }
        }
    }

    private void RunTile(byte* blockRows, byte* blockColumns, float* sums, float* c, int ldc)
    {
        switch (level)
        {
            case KernelLevel.Avx512:
                SignProductTile512.Run(blockRows, blockColumns, weights, terms, sums, alpha, c, ldc);
                break;
            case KernelLevel.Avx2:
                SignProductTile256.Run(blockRows, blockColumns, weights, terms, sums, alpha, c, ldc);
                break;
            default:
                SignProductTilePortable.Run(blockRows, blockColumns, weights, terms, sums, alpha, c, ldc);
                break;
        }
    }

    private static int RowBlocks(int m) => (m + Rows - 1) / Rows;

    private static int ColumnBlocks(int n) => (n + Columns - 1) / Columns;

    private static float[] CreateSums()
    {
        var sums = GC.AllocateArray<float>(MaxGroup * CodesPerGroup * CodesPerGroup, pinned: true);
        for (int g = 1; g <= MaxGroup; g++)
        {
            for (int a = 0; a < CodesPerGroup; a++)
            {
                for (int y = 0; y < CodesPerGroup; y++)
                {
                    sums[((((g - 1) * CodesPerGroup) + a) * CodesPerGroup) + y] = g - (2 * BitOperations.PopCount((uint)(a ^ y)));
                }
            }
        }

        return sums;
    }
}
