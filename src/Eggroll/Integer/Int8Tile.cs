using System.Runtime.Intrinsics;

namespace Eggroll.Integer;

/// <summary>Where a micro-kernel writes its up to 4 × 16 results: the first element, the row stride and the valid extent.</summary>
internal readonly unsafe struct Int8Tile(int* c, int ldc, int rows, int columns)
{
    /// <summary>Writes the 16 results of row <paramref name="row"/> (two vectors of 8), keeping only the valid rows and columns.</summary>
    public void StoreRow(int row, Vector256<int> low, Vector256<int> high)
    {
        if (row >= rows)
        {
            return;
        }

        int* target = c + ((long)row * ldc);
        if (columns == Int8PackedMatrix.PanelWidth)
        {
            low.Store(target);
            high.Store(target + 8);
            return;
        }

        int* block = stackalloc int[Int8PackedMatrix.PanelWidth];
        low.Store(block);
        high.Store(block + 8);
        new ReadOnlySpan<int>(block, columns).CopyTo(new Span<int>(target, columns));
    }

    /// <summary>Writes the valid part of a 4 × 16 block of results held row-major in <paramref name="block"/>.</summary>
    public void Store(ReadOnlySpan<int> block)
    {
        for (int r = 0; r < rows; r++)
        {
            block.Slice(r * Int8PackedMatrix.PanelWidth, columns).CopyTo(new Span<int>(c + ((long)r * ldc), columns));
        }
    }
}
