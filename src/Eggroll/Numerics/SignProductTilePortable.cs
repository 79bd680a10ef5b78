namespace Eggroll.Numerics;

/// <summary>
/// <see cref="SignProductSum"/>'s 8 × 48 tile without intrinsics: each output adds its terms' products w_q·sums[row
/// code][column code] in order, the same operations as the vector tiles, so the same bits.
/// </summary>
internal static unsafe class SignProductTilePortable
{
    /// <summary>Stores α·Σ_q w_q·sums[row code][column code] for the tile's 8 rows and 48 columns to c (rows <paramref name="ldc"/> apart).</summary>
    public static void Run(byte* rowCodes, byte* columnCodes, float* weights, int terms, float* sums, float alpha, float* c, int ldc)
    {
        for (int r = 0; r < SignProductSum.Rows; r++)
        {
            for (int j = 0; j < SignProductSum.Columns; j++)
            {
                float sum = 0f;
                for (int q = 0; q < terms; q++)
                {
                    float product = weights[q] * sums[(rowCodes[(q * SignProductSum.Rows) + r] * SignProductSum.CodesPerGroup) + columnCodes[(q * SignProductSum.Columns) + j]];
                    sum += product;
                }

                c[((long)r * ldc) + j] = alpha * sum;
            }
        }
    }
}
