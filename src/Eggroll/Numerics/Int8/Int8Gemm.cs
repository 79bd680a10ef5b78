using System.Numerics.Tensors;

namespace Eggroll.Numerics.Int8;

/// <summary>
/// Exact int8 × int8 → int32 matrix product C = X·Wᵀ, X (m × k) row-major, W packed as an
/// <see cref="Int8PackedMatrix"/> (n × k). Every kernel gives the same bits as the scalar
/// definition C[i, j] = Σ_k X[i, k]·W[j, k]; sums must fit in int32, which holds for
/// k ≤ 2^31 / (255·128) = 65,793 on every kernel.
/// </summary>
public static class Int8Gemm
{
    /// <summary>Bytes of packed X per parallel tile (about a third of L1): short reductions get more rows per tile.</summary>
    private const int TileBytes = 16_384;

    /// <summary>This thread's job, reused by its next product (taken while one runs, so a nested product makes its own).</summary>
    [ThreadStatic]
    private static Job? cachedJob;

    /// <summary>This thread's buffer of packed X rows, grown on demand.</summary>
    [ThreadStatic]
    private static byte[]? packedRows;

    /// <summary>Longest reduction whose sums provably fit in int32 on every kernel.</summary>
    public const int MaxColumns = 65_793;

    /// <summary>Computes <paramref name="c"/> (m × n, row-major) = X·Wᵀ on the best kernel, in parallel over row tiles.</summary>
    /// <exception cref="ArgumentException">A span is too short, m is negative or W has more than <see cref="MaxColumns"/> columns.</exception>
    public static void Multiply(ReadOnlySpan<sbyte> x, int m, Int8PackedMatrix w, Span<int> c) =>
        Multiply(Int8Kernels.Best, x, m, w, c);

    /// <summary>As <see cref="Multiply(ReadOnlySpan{sbyte}, int, Int8PackedMatrix, Span{int})"/> on a chosen kernel.</summary>
    /// <exception cref="PlatformNotSupportedException">The kernel does not run on this machine.</exception>
    public static unsafe void Multiply(Int8Kernel kernel, ReadOnlySpan<sbyte> x, int m, Int8PackedMatrix w, Span<int> c)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        if (w.Columns > MaxColumns || x.Length < (long)m * w.Columns || c.Length < (long)m * w.Rows)
        {
            throw new ArgumentException($"X needs {(long)m * w.Columns} values and C {(long)m * w.Rows} for m = {m} and W {w.Rows}×{w.Columns} (at most {MaxColumns} columns); got {x.Length} and {c.Length}.");
        }

        if (!Int8Kernels.IsSupported(kernel))
        {
            throw new PlatformNotSupportedException($"Int8 kernel {kernel} is not supported on this machine.");
        }

        fixed (sbyte* px = x)
        fixed (int* pc = c)
        {
            Job job = cachedJob ?? new Job();
            cachedJob = null;
            try
            {
                job.Execute(kernel, px, m, w, pc, RowsPerTile(w.PaddedColumns));
            }
            finally
            {
                job.Forget();
                cachedJob = job;
            }
        }
    }

    /// <summary>Rows of X per parallel tile: a multiple of 8 from 64 to 512, set by the shape alone so that tiling never depends on the thread count.</summary>
    private static int RowsPerTile(int paddedColumns) => Math.Clamp(TileBytes / paddedColumns / 8 * 8, 64, 512);

    /// <summary>One product's operands and its row tiles; the tile body is a delegate made once, so a product allocates nothing.</summary>
    private sealed unsafe class Job
    {
        private readonly Action<int> run;
        private Int8Kernel kernel;
        private sbyte* x;
        private int m;
        private Int8PackedMatrix w = null!;
        private int* c;
        private int tileRows;

        public Job() => run = Run;

        /// <summary>Computes C = X·Wᵀ over all row tiles, in parallel when there are several.</summary>
        public void Execute(Int8Kernel kernel, sbyte* x, int m, Int8PackedMatrix w, int* c, int tileRows)
        {
            this.kernel = kernel;
            this.x = x;
            this.m = m;
            this.w = w;
            this.c = c;
            this.tileRows = tileRows;

            // The caller's buffer is sized for a whole tile here, whichever tiles it then claims, so that once a shape has
            // been seen the caller never allocates (workers grow theirs on first use).
            PackedRows(PaddedRows(tileRows) * w.PaddedColumns);
            int tiles = (m + tileRows - 1) / tileRows;
            if (tiles == 1)
            {
                Run(0);
            }
            else
            {
                Parallelism.For(tiles, run);
            }
        }

        /// <summary>This thread's buffer of packed rows, grown to at least <paramref name="bytes"/>.</summary>
        private static byte[] PackedRows(int bytes)
        {
            if (packedRows is null || packedRows.Length < bytes)
            {
                packedRows = new byte[bytes];
            }

            return packedRows;
        }

        /// <summary><paramref name="rows"/> rounded up to the micro-kernel's rows.</summary>
        private int PaddedRows(int rows)
        {
            int rowMultiple = kernel == Int8Kernel.Avx512Vnni ? Vnni512MicroKernel.Rows : 4;
            return (rows + rowMultiple - 1) / rowMultiple * rowMultiple;
        }

        /// <summary>Drops the operands, whose pointers are valid only during <see cref="Execute"/>.</summary>
        public void Forget()
        {
            x = null;
            c = null;
            w = null!;
        }

        private void Run(int tile)
        {
            int first = tile * tileRows, rows = Math.Min(tileRows, m - first);
            int kp = w.PaddedColumns, k = w.Columns;
            int paddedRows = PaddedRows(rows);
            byte[] packed = PackedRows(paddedRows * kp);

            byte offset = kernel is Int8Kernel.AvxVnni or Int8Kernel.Avx512Vnni ? (byte)0x80 : (byte)0;
            PackRows(x + ((long)first * k), rows, k, kp, offset, packed.AsSpan(0, paddedRows * kp));
            fixed (byte* a = packed)
            fixed (sbyte* panels = w.Data)
            fixed (int* corrections = w.OffsetCorrections)
            {
                if (kernel == Int8Kernel.Avx512Vnni)
                {
                    WidePanels(a, first, rows, panels, corrections);
                }
                else
                {
                    int panelCount = (w.Rows + Int8PackedMatrix.PanelWidth - 1) / Int8PackedMatrix.PanelWidth;
                    for (int p = 0; p < panelCount; p++)
                    {
                        NarrowPanel(a, first, rows, p, panels, corrections);
                    }
                }
            }
        }

        /// <summary>Panel <paramref name="p"/> with the 4 × 16 kernels.</summary>
        private void NarrowPanel(byte* a, int first, int rows, int p, sbyte* panels, int* corrections)
        {
            int kp = w.PaddedColumns;
            int j0 = p * Int8PackedMatrix.PanelWidth, cols = Math.Min(Int8PackedMatrix.PanelWidth, w.Rows - j0);
            var panel = panels + ((long)p * w.PanelBytes);
            for (int i = 0; i < rows; i += 4)
            {
                var tileOut = new Int8Tile(c + ((long)(first + i) * w.Rows) + j0, w.Rows, Math.Min(4, rows - i), cols);
                var aRows = a + ((long)i * kp);
                switch (kernel)
                {
                    case Int8Kernel.AvxVnni:
                        Int8MicroKernels.Vnni(aRows, kp, panel, corrections + j0, tileOut);
                        break;
                    case Int8Kernel.Avx2:
                        Int8MicroKernels.Avx2(aRows, kp, panel, tileOut);
                        break;
                    default:
                        Int8MicroKernels.Scalar(aRows, kp, panel, tileOut);
                        break;
                }
            }
        }

        /// <summary>
        /// All panels with the 8 × 32 kernel: one call for the full row groups across the panel pairs whose
        /// 32 columns all exist, then through a small buffer for the last row group and the last pair when partial.
        /// </summary>
        private void WidePanels(byte* a, int first, int rows, sbyte* panels, int* corrections)
        {
            const int groupRows = Vnni512MicroKernel.Rows, width = Vnni512MicroKernel.Columns;
            int kp = w.PaddedColumns, pairBytes = 2 * w.PanelBytes;
            int fullPairs = w.Rows / width, pairs = (w.Rows + width - 1) / width, fullGroups = rows / groupRows;
            if (fullGroups > 0 && fullPairs > 0)
            {
                Vnni512MicroKernel.Run(a, kp, fullGroups, panels, w.PanelBytes, fullPairs, c + ((long)first * w.Rows), w.Rows, corrections);
            }

            int* block = stackalloc int[groupRows * width];
            for (int i = 0; i < rows; i += groupRows)
            {
                for (int q = i < fullGroups * groupRows ? fullPairs : 0; q < pairs; q++)
                {
                    Vnni512MicroKernel.Run(a + ((long)i * kp), kp, 1, panels + ((long)q * pairBytes), w.PanelBytes, 1, block, width, corrections + (q * width));
                    var tileOut = new Int8Tile(c + ((long)(first + i) * w.Rows) + (q * width), w.Rows, Math.Min(groupRows, rows - i), Math.Min(width, w.Rows - (q * width)));
                    tileOut.Store(new ReadOnlySpan<int>(block, groupRows * width), width);
                }
            }
        }

        /// <summary>Copies rows into a padded buffer (rows to the kernel's multiple, columns to kp, the padding holding the value 0), XOR-ing every byte with <paramref name="offset"/> (0x80 adds 128 modulo 256).</summary>
        private static void PackRows(sbyte* source, int rows, int k, int kp, byte offset, Span<byte> destination)
        {
            if (k == kp)
            {
                TensorPrimitives.Xor(new ReadOnlySpan<byte>(source, rows * k), offset, destination);
                destination[(rows * k)..].Fill(offset);
                return;
            }

            destination.Fill(offset);
            for (int i = 0; i < rows; i++)
            {
                var row = new ReadOnlySpan<byte>(source + ((long)i * k), k);
                TensorPrimitives.Xor(row, offset, destination.Slice(i * kp, k));
            }
        }
    }
}
