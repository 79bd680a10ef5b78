namespace Eggroll.Numerics.Int8;

/// <summary>
/// An int8 weight matrix W (rows × columns, used as y = x·Wᵀ) packed for <see cref="Int8Gemm"/>:
/// panels of <see cref="PanelWidth"/> rows of W; inside a panel, groups of four consecutive
/// columns of each row lie next to each other (the operand layout of a 4-byte dot product).
/// Rows are padded with zeros to a multiple of 16 and columns to a multiple of 4; one more zero
/// panel makes the panel count even, for kernels that take panels two at a time.
/// Also holds −128 × each row's sum, which the VNNI kernels add to undo their +128 activation offset.
/// The storage is sized once; <see cref="Repack(ReadOnlySpan{sbyte}, int, int)"/> can pack a matrix of another
/// shape into it, as long as its packing fits.
/// </summary>
public sealed class Int8PackedMatrix
{
    /// <summary>Rows of W in one panel (output columns of one micro-tile).</summary>
    public const int PanelWidth = 16;

    /// <summary>Packs <paramref name="weights"/> (row-major, <paramref name="rows"/> × <paramref name="columns"/>).</summary>
    /// <exception cref="ArgumentException">A size is not positive or the span is too short.</exception>
    public Int8PackedMatrix(ReadOnlySpan<sbyte> weights, int rows, int columns)
        : this(rows, columns)
    {
        Repack(weights);
    }

    /// <summary>
    /// The zero matrix of <paramref name="rows"/> × <paramref name="columns"/>, whose storage later holds any matrix
    /// of at most that many rows and columns (see <see cref="Repack(ReadOnlySpan{sbyte}, int, int)"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public Int8PackedMatrix(int rows, int columns)
    {
        if (rows <= 0 || columns <= 0)
        {
            throw new ArgumentException($"A packed matrix needs positive sizes, got {rows}×{columns}.");
        }

        Rows = rows;
        Columns = columns;
        PaddedColumns = PadColumns(columns);
        Data = new sbyte[PaddedRows(rows) * PaddedColumns];
        OffsetCorrections = new int[PaddedRows(rows)];
    }

    /// <summary>Rows of W (outputs).</summary>
    public int Rows { get; private set; }

    /// <summary>Columns of W (inputs, the reduction length).</summary>
    public int Columns { get; private set; }

    /// <summary>Columns rounded up to a multiple of 4.</summary>
    public int PaddedColumns { get; private set; }

    /// <summary>Bytes of one packed panel.</summary>
    internal int PanelBytes => PanelWidth * PaddedColumns;

    /// <summary>The packed panels.</summary>
    internal sbyte[] Data { get; }

    /// <summary>−128·Σ_k W[j, k] for every (padded) row j: what Σ_k (X[i, k] + 128)·W[j, k] exceeds the product by, negated.</summary>
    internal int[] OffsetCorrections { get; }

    /// <summary>Packs new values of the same shape into this matrix (no allocation).</summary>
    /// <exception cref="ArgumentException">The span does not hold rows × columns values.</exception>
    public void Repack(ReadOnlySpan<sbyte> weights) => Repack(weights, Rows, Columns);

    /// <summary>
    /// Packs <paramref name="weights"/> (row-major, <paramref name="rows"/> × <paramref name="columns"/>) into this
    /// matrix's storage, which then holds that shape (no allocation).
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive, the span is too short or the packing does not fit the storage.</exception>
    public void Repack(ReadOnlySpan<sbyte> weights, int rows, int columns)
    {
        if (rows <= 0 || columns <= 0 || weights.Length < (long)rows * columns)
        {
            throw new ArgumentException($"Weights of {rows}×{columns} need positive sizes and {(long)rows * columns} values, got {weights.Length}.", nameof(weights));
        }

        int paddedColumns = PadColumns(columns), paddedRows = PaddedRows(rows);
        if ((long)paddedRows * paddedColumns > Data.Length || paddedRows > OffsetCorrections.Length)
        {
            throw new ArgumentException($"Weights of {rows}×{columns} pack into {(long)paddedRows * paddedColumns} bytes and {paddedRows} row sums; this matrix holds {Data.Length} and {OffsetCorrections.Length}.", nameof(weights));
        }

        if (rows != Rows || columns != Columns)
        {
            // Another layout: padding that held values of the old one must read as zero.
            Data.AsSpan(0, paddedRows * paddedColumns).Clear();
            Array.Clear(OffsetCorrections);
            (Rows, Columns, PaddedColumns) = (rows, columns, paddedColumns);
        }

        for (int j = 0; j < rows; j++)
        {
            int panel = j / PanelWidth, lane = j % PanelWidth, sum = 0;
            var row = weights.Slice(j * columns, columns);
            int baseIndex = panel * PanelBytes + (lane * 4);
            for (int k = 0; k < columns; k++)
            {
                Data[baseIndex + ((k >> 2) * PanelWidth * 4) + (k & 3)] = row[k];
                sum += row[k];
            }

            OffsetCorrections[j] = -128 * sum;
        }
    }

    private static int PadColumns(int columns) => (columns + 3) & ~3;

    /// <summary>Rows rounded up to whole panels, in an even number of panels.</summary>
    private static int PaddedRows(int rows) => (((rows + PanelWidth - 1) / PanelWidth + 1) & ~1) * PanelWidth;
}
