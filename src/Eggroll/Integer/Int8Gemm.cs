using System.Buffers;
using System.Numerics.Tensors;
using Eggroll.Numerics;

namespace Eggroll.Integer;

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
            int tileRows = RowsPerTile(w.PaddedColumns);
            var job = new Job(kernel, px, m, w, pc, tileRows);
            int tiles = (m + tileRows - 1) / tileRows;
            if (tiles == 1)
            {
                job.Run(0);
            }
            else
            {
                Parallelism.For(tiles, job.Run);
            }
        }
    }

    /// <summary>Rows of X per parallel tile: a multiple of 8 from 64 to 512, set by the shape alone so that tiling never depends on the thread count.</summary>
    private static int RowsPerTile(int paddedColumns) => Math.Clamp(TileBytes / paddedColumns / 8 * 8, 64, 512);

    private sealed unsafe class Job(Int8Kernel kernel, sbyte* x, int m, Int8PackedMatrix w, int* c, int tileRows)
    {
        public void Run(int tile)
        {
            int first = tile * tileRows, rows = Math.Min(tileRows, m - first);
            int kp = w.PaddedColumns, k = w.Columns;
            int rowMultiple = kernel == Int8Kernel.Avx512Vnni ? Vnni512MicroKernel.Rows : 4;
            int paddedRows = (rows + rowMultiple - 1) / rowMultiple * rowMultiple;
            byte[] rented = ArrayPool<byte>.Shared.Rent(paddedRows * kp);
            try
            {
                byte offset = kernel is Int8Kernel.AvxVnni or Int8Kernel.Avx512Vnni ? (byte)0x80 : (byte)0;
                PackRows(x + ((long)first * k), rows, k, kp, offset, rented.AsSpan(0, paddedRows * kp));
                fixed (byte* a = rented)
                fixed (sbyte* panels = w.Data)
                fixed (int* sums = w.RowSums)
                {
                    int panelCount = (w.Rows + Int8PackedMatrix.PanelWidth - 1) / Int8PackedMatrix.PanelWidth;
                    int p = 0;
                    if (kernel == Int8Kernel.Avx512Vnni)
                    {
                        for (; p < panelCount; p += 2)
                        {
                            WidePanels(a, first, rows, p, panels, sums);
                        }
                    }

                    for (; p < panelCount; p++)
                    {
                        NarrowPanel(a, first, rows, p, panels, sums);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        /// <summary>Panel <paramref name="p"/> with the 4 × 16 kernels.</summary>
        private void NarrowPanel(byte* a, int first, int rows, int p, sbyte* panels, int* sums)
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
                        Int8MicroKernels.Vnni(aRows, kp, panel, sums + j0, tileOut);
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

        /// <summary>Panels <paramref name="p"/> and p + 1 (zero padding when p is the last) with the 8 × 32 kernel.</summary>
        private void WidePanels(byte* a, int first, int rows, int p, sbyte* panels, int* sums)
        {
            int kp = w.PaddedColumns, width = Vnni512MicroKernel.Columns;
            int j0 = p * Int8PackedMatrix.PanelWidth, cols = Math.Min(width, w.Rows - j0);
            var panel = panels + ((long)p * w.PanelBytes);
            int* offsets = stackalloc int[width];
            int* block = stackalloc int[Vnni512MicroKernel.Rows * width];
            for (int j = 0; j < width; j++)
            {
                offsets[j] = sums[j0 + j] << 7;
            }

            int fullGroups = cols == width ? rows / Vnni512MicroKernel.Rows : 0;
            if (fullGroups > 0)
            {
                Vnni512MicroKernel.Run(a, kp, fullGroups, panel, w.PanelBytes, c + ((long)first * w.Rows) + j0, w.Rows, offsets);
            }

            for (int i = fullGroups * Vnni512MicroKernel.Rows; i < rows; i += Vnni512MicroKernel.Rows)
            {
                Vnni512MicroKernel.Run(a + ((long)i * kp), kp, 1, panel, w.PanelBytes, block, width, offsets);
                int* target = c + ((long)(first + i) * w.Rows) + j0;
                for (int r = 0; r < Math.Min(Vnni512MicroKernel.Rows, rows - i); r++)
                {
                    new ReadOnlySpan<int>(block + (r * width), cols).CopyTo(new Span<int>(target + ((long)r * w.Rows), cols));
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
