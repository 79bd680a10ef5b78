namespace Eggroll.Numerics;

/// <summary>
/// Work applied to a finished block of a product's output while it is still in cache
/// (for example a bias and each row's low-rank correction). Every output element belongs to
/// exactly one block, whatever the thread count.
/// </summary>
internal unsafe interface IGemmEpilogue
{
    /// <summary>Updates rows [rowStart, rowStart + rowCount) × columns [colStart, colStart + colCount); <paramref name="block"/> points at element (rowStart, colStart).</summary>
    void Apply(int rowStart, int rowCount, int colStart, int colCount, float* block, int ldc);
}
