namespace Eggroll.Numerics;

/// <summary>
/// The low-rank correction of EGGROLL: for each row x of a batch, y += c·(x·B)·Aᵀ with
/// A (m×r) and B (n×r), computed without forming A·Bᵀ. Factors are stored transposed:
/// <c>at</c> is r×m (row k = column k of A), <c>bt</c> is r×n.
/// </summary>
internal static class LowRank
{
    /// <summary>Largest rank the stack buffer of <see cref="AddCorrection"/> holds.</summary>
    public const int MaxRank = 256;

    /// <summary>
    /// For rows [rowStart, rowEnd) of x (ld n) and y (ld m): y_i += coefficient·Σ_k (x_i·bt_k)·at_k.
    /// </summary>
    public static void AddCorrection(
        ReadOnlySpan<float> x, Span<float> y, int rowStart, int rowEnd, int n, int m,
        ReadOnlySpan<float> at, ReadOnlySpan<float> bt, int rank, float coefficient)
    {
        Span<float> projections = stackalloc float[rank];
        for (int i = rowStart; i < rowEnd; i++)
        {
            var xRow = x.Slice(i * n, n);
            for (int k = 0; k < rank; k++)
            {
                projections[k] = coefficient * VectorOps.Dot(xRow, bt.Slice(k * n, n));
            }

            var yRow = y.Slice(i * m, m);
            for (int k = 0; k < rank; k++)
            {
                VectorOps.AddScaled(at.Slice(k * m, m), projections[k], yRow);
            }
        }
    }
}
