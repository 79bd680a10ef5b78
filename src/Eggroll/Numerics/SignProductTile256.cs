using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics;

/// <summary>
/// <see cref="SignProductSum"/>'s 8 × 48 tile on AVX2: four rows × 16 columns at a time, all terms each. A 16-entry
/// table lookup is two 8-entry permutes (entries 0–7 and 8–15) and a blend on bit 3 of the column's code; the values
/// looked up, their sums and the final scaling are those of the AVX-512 tile, bit for bit.
/// </summary>
internal static unsafe class SignProductTile256
{
    /// <summary>Stores α·Σ_q w_q·sums[row code][column code] for the tile's 8 rows and 48 columns to c (rows <paramref name="ldc"/> apart).</summary>
    public static void Run(byte* rowCodes, byte* columnCodes, float* weights, int terms, float* sums, float alpha, float* c, int ldc)
    {
        for (int rows = 0; rows < SignProductSum.Rows; rows += 4)
        {
            for (int columns = 0; columns < SignProductSum.Columns; columns += 16)
            {
                Part(rowCodes + rows, columnCodes + columns, weights, terms, sums, alpha, c + ((long)rows * ldc) + columns, ldc);
            }
        }
    }

    /// <summary>Rows [0, 4) × columns [0, 16) of the tile whose codes start at <paramref name="rowCodes"/> and <paramref name="columnCodes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Part(byte* rowCodes, byte* columnCodes, float* weights, int terms, float* sums, float alpha, float* c, int ldc)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int q = 0; q < terms; q++)
        {
            var y0 = Avx2.ConvertToVector256Int32(columnCodes);
            var y1 = Avx2.ConvertToVector256Int32(columnCodes + 8);

            // Bit 3 of a code at the sign position picks the table's upper half in the blend.
            var upper0 = Avx2.ShiftLeftLogical(y0, 28).AsSingle();
            var upper1 = Avx2.ShiftLeftLogical(y1, 28).AsSingle();
            var w = Vector256.Create(weights[q]);
            Add(w, sums + (rowCodes[0] * SignProductSum.CodesPerGroup), y0, y1, upper0, upper1, ref c00, ref c01);
            Add(w, sums + (rowCodes[1] * SignProductSum.CodesPerGroup), y0, y1, upper0, upper1, ref c10, ref c11);
            Add(w, sums + (rowCodes[2] * SignProductSum.CodesPerGroup), y0, y1, upper0, upper1, ref c20, ref c21);
            Add(w, sums + (rowCodes[3] * SignProductSum.CodesPerGroup), y0, y1, upper0, upper1, ref c30, ref c31);
            rowCodes += SignProductSum.Rows;
            columnCodes += SignProductSum.Columns;
        }

        var va = Vector256.Create(alpha);
        (va * c00).Store(c);
        (va * c01).Store(c + 8);
        (va * c10).Store(c + ldc);
        (va * c11).Store(c + ldc + 8);
        (va * c20).Store(c + (2L * ldc));
        (va * c21).Store(c + (2L * ldc) + 8);
        (va * c30).Store(c + (3L * ldc));
        (va * c31).Store(c + (3L * ldc) + 8);
    }

    /// <summary>One row's term: its table (w times the row of sums) looked up by both column vectors' codes and added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(Vector256<float> w, float* row, Vector256<int> y0, Vector256<int> y1, Vector256<float> upper0, Vector256<float> upper1, ref Vector256<float> c0, ref Vector256<float> c1)
    {
        var low = w * Vector256.Load(row);
        var high = w * Vector256.Load(row + 8);
        c0 += Avx.BlendVariable(Avx2.PermuteVar8x32(low, y0), Avx2.PermuteVar8x32(high, y0), upper0);
        c1 += Avx.BlendVariable(Avx2.PermuteVar8x32(low, y1), Avx2.PermuteVar8x32(high, y1), upper1);
    }
}
