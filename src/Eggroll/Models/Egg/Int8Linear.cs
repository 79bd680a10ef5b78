using Eggroll.Numerics.Int8;
using Eggroll.Population.Strategies;

namespace Eggroll.Models.Egg;

/// <summary>
/// The matrix op of docs/algorithm.md §4.3 for a block of batch rows: acc = x·Wᵀ (int32, <see cref="Int8Gemm"/>),
/// plus, when noise is given, each row's (s_t·(x·B_p)·A_pᵀ) &gt;&gt; (4 + sigma_shift); then divided
/// by 16·√in (<see cref="Int8OutputScale"/>) and clipped to ±127 (<see cref="Int8Epilogue"/>).
/// </summary>
public static class Int8Linear
{
    /// <summary>
    /// Computes <paramref name="y"/> (rows × W.Rows) from <paramref name="x"/> (rows × W.Columns), where
    /// batch row <paramref name="firstRow"/> + i is row i of the block (it picks the member's noise).
    /// </summary>
    /// <param name="x">Input rows.</param>
    /// <param name="rows">Rows in the block.</param>
    /// <param name="firstRow">Batch index of the block's first row.</param>
    /// <param name="weights">W, packed.</param>
    /// <param name="noise">This matrix's noise, or null for the unperturbed model.</param>
    /// <param name="accumulator">Scratch of at least rows × W.Rows values.</param>
    /// <param name="y">Output rows.</param>
    public static void Forward(ReadOnlySpan<sbyte> x, int rows, int firstRow, Int8PackedMatrix weights, Int8MatrixNoise? noise, Span<int> accumulator, Span<sbyte> y)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int n = weights.Rows, k = weights.Columns;
        Int8Gemm.Multiply(x, rows, weights, accumulator);
        var scale = new Int8OutputScale(k);
        Span<int> projections = stackalloc int[noise?.Rank ?? 0];
        for (int i = 0; i < rows; i++)
        {
            var acc = accumulator.Slice(i * n, n);
            var output = y.Slice(i * n, n);
            if (noise is null)
            {
                Int8Epilogue.Apply(acc, projections, default, 0, scale, output);
                continue;
            }

            int row = firstRow + i, pair = noise.PairOf(row), sign = noise.SignOf(row);
            var input = x.Slice(i * k, k);
            for (int q = 0; q < projections.Length; q++)
            {
                projections[q] = sign * Int8Math.Dot(input, noise.B(pair, q));
            }

            Int8Epilogue.Apply(acc, projections, noise.A(pair), noise.Shift, scale, output);
        }
    }
}
