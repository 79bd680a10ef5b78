namespace Eggroll.Numerics.Int8;

/// <summary>
/// An int8 weight matrix W (rows × columns, used as y = x·Wᵀ) packed for <see cref="Int8Gemm"/>:
/// panels of <see cref="PanelWidth"/> rows of W; inside a panel, groups of four consecutive
/// columns of each row lie next to each other (the operand layout of a 4-byte dot product).
/// Rows are padded with zeros to a multiple of 16 and columns to a multiple of 4; one more zero
/// panel makes the panel count even, for kernels that take panels two at a time.
/// Also holds −128 × each row's sum, which the VNNI kernels add to undo their +128 activation offset.
/// </summary>
public sealed class Int8PackedMatrix
{
    /// <summary>Rows of W in one panel (output columns of one micro-tile).</summary>
    public const int PanelWidth = 16;

    /// <summary>Packs <paramref name="weights"/> (row-major, <paramref name="rows"/> × <paramref name="columns"/>).</summary>
    /// <exception cref="ArgumentException">A size is not positive or the span is too short.</exception>
    public Int8PackedMatrix(ReadOnlySpan<sbyte> weights, int rows, int columns)
    {
        Rows = rows;
        Columns = columns;
        PaddedColumns = (columns + 3) & ~3;
        int panels = ((rows + PanelWidth - 1) / PanelWidth + 1) & ~1;
        Data = new sbyte[panels * PanelWidth * PaddedColumns];
        OffsetCorrections = new int[panels * PanelWidth];
        Repack(weights);
    }

    /// <summary>Rows of W (outputs).</summary>
    public int Rows { get; }

    /// <summary>Columns of W (inputs, the reduction length).</summary>
    public int Columns { get; }

    /// <summary>Columns rounded up to a multiple of 4.</summary>
    public int PaddedColumns { get; }

    /// <summary>Bytes of one packed panel.</summary>
    internal int PanelBytes => PanelWidth * PaddedColumns;

    /// <summary>The packed panels.</summary>
    internal sbyte[] Data { get; }

    /// <summary>−128·Σ_k W[j, k] for every (padded) row j: what Σ_k (X[i, k] + 128)·W[j, k] exceeds the product by, negated.</summary>
    internal int[] OffsetCorrections { get; }

    /// <summary>Packs new values of the same shape into this matrix (no allocation).</summary>
    /// <exception cref="ArgumentException">The span does not hold rows × columns values.</exception>
    public void Repack(ReadOnlySpan<sbyte> weights)
    {
        if (Rows <= 0 || Columns <= 0 || weights.Length < (long)Rows * Columns)
        {
            throw new ArgumentException($"Weights of {Rows}×{Columns} need positive sizes and {(long)Rows * Columns} values, got {weights.Length}.", nameof(weights));
        }

        for (int j = 0; j < Rows; j++)
        {
            int panel = j / PanelWidth, lane = j % PanelWidth, sum = 0;
            var row = weights.Slice(j * Columns, Columns);
            int baseIndex = panel * PanelBytes + (lane * 4);
            for (int k = 0; k < Columns; k++)
            {
                Data[baseIndex + ((k >> 2) * PanelWidth * 4) + (k & 3)] = row[k];
                sum += row[k];
            }

            OffsetCorrections[j] = -128 * sum;
        }
    }
}
