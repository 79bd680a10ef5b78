namespace Eggroll.Integer;

/// <summary>Where a micro-kernel writes its up to 4 × 16 results: the first element, the row stride and the valid extent.</summary>
internal readonly unsafe struct Int8Tile(int* c, int ldc, int rows, int columns)
{
    /// <summary>Writes the valid part of a 4 × 16 block of results held row-major in <paramref name="block"/>.</summary>
    public void Store(ReadOnlySpan<int> block)
    {
        for (int r = 0; r < rows; r++)
        {
            block.Slice(r * Int8PackedMatrix.PanelWidth, columns).CopyTo(new Span<int>(c + ((long)r * ldc), columns));
        }
    }
}
