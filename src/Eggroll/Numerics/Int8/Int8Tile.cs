namespace Eggroll.Numerics.Int8;

/// <summary>Where a micro-kernel's block of results goes: the first element, the row stride and the valid extent.</summary>
internal readonly unsafe struct Int8Tile(int* c, int ldc, int rows, int columns)
{
    /// <summary>
    /// Writes the valid part of a block of results held row-major in <paramref name="block"/>, whose rows are
    /// <paramref name="blockWidth"/> apart (a panel of 16 for the 4 × 16 kernels).
    /// </summary>
    public void Store(ReadOnlySpan<int> block, int blockWidth = Int8PackedMatrix.PanelWidth)
    {
        for (int r = 0; r < rows; r++)
        {
            block.Slice(r * blockWidth, columns).CopyTo(new Span<int>(c + ((long)r * ldc), columns));
        }
    }
}
