namespace Eggroll.Numerics;

/// <summary>
/// A dense row-major single-precision matrix. The backing array may be larger than
/// <see cref="Rows"/>·<see cref="Cols"/> so a buffer can be reused for smaller batches.
/// </summary>
public sealed class Matrix
{
    /// <summary>Creates a zero matrix of the given shape.</summary>
    public Matrix(int rows, int cols)
        : this(rows, cols, new float[checked(rows * cols)])
    {
    }

    /// <summary>Wraps <paramref name="data"/> (row-major, at least rows·cols long) without copying.</summary>
    public Matrix(int rows, int cols, float[] data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < (long)rows * cols)
        {
            throw new ArgumentException($"Backing array holds {data.Length} values; a {rows}×{cols} matrix needs {(long)rows * cols}.", nameof(data));
        }

        Rows = rows;
        Cols = cols;
        Data = data;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; private set; }

    /// <summary>Number of columns (also the row stride).</summary>
    public int Cols { get; private set; }

    /// <summary>The backing array; element (i, j) is at i·<see cref="Cols"/> + j.</summary>
    public float[] Data { get; private set; }

    /// <summary>The used part of the backing array, Rows·Cols values.</summary>
    public Span<float> Values => Data.AsSpan(0, Rows * Cols);

    /// <summary>Element (row, col).</summary>
    public ref float this[int row, int col] => ref Data[row * Cols + col];

    /// <summary>Row <paramref name="row"/> as a span.</summary>
    public Span<float> Row(int row) => Data.AsSpan(row * Cols, Cols);

    /// <summary>
    /// Returns <paramref name="buffer"/> reshaped to rows×cols when its array is large enough,
    /// otherwise a new matrix. Contents are unspecified.
    /// </summary>
    public static Matrix Reuse(Matrix? buffer, int rows, int cols)
    {
        long needed = (long)rows * cols;
        if (buffer is null || buffer.Data.Length < needed)
        {
            return new Matrix(rows, cols);
        }

        buffer.Rows = rows;
        buffer.Cols = cols;
        return buffer;
    }
}
