using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics;

/// <summary>
/// <see cref="SignProductSum"/>'s 8 × 48 tile on AVX-512: 24 accumulators (eight rows of three 16-column vectors) held
/// in registers over all terms; a lookup is one permute (vpermps) of the row's 16-entry table by the columns' codes.
/// </summary>
internal static unsafe class SignProductTile512
{
    /// <summary>
    /// The tile: the terms' row codes of its row block (8 per term, each with its group offset) and column codes of its
    /// column block (48 per term); stores α·Σ to c (rows <paramref name="ldc"/> apart).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(byte* rowCodes, byte* columnCodes, float* weights, int terms, float* sums, float alpha, float* c, int ldc)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default;
        Vector512<float> c60 = default, c61 = default, c62 = default;
        Vector512<float> c70 = default, c71 = default, c72 = default;
        for (int q = 0; q < terms; q++)
        {
            var y0 = Avx512F.ConvertToVector512Int32(Vector128.Load(columnCodes));
            var y1 = Avx512F.ConvertToVector512Int32(Vector128.Load(columnCodes + 16));
            var y2 = Avx512F.ConvertToVector512Int32(Vector128.Load(columnCodes + 32));
            var w = Vector512.Create(weights[q]);
            Vector512<float> row;
            row = w * Vector512.Load(sums + (rowCodes[0] * SignProductSum.CodesPerGroup));
            c00 += Avx512F.PermuteVar16x32(row, y0);
            c01 += Avx512F.PermuteVar16x32(row, y1);
            c02 += Avx512F.PermuteVar16x32(row, y2);
            row = w * Vector512.Load(sums + (rowCodes[1] * SignProductSum.CodesPerGroup));
            c10 += Avx512F.PermuteVar16x32(row, y0);
            c11 += Avx512F.PermuteVar16x32(row, y1);
            c12 += Avx512F.PermuteVar16x32(row, y2);
            row = w * Vector512.Load(sums + (rowCodes[2] * SignProductSum.CodesPerGroup));
            c20 += Avx512F.PermuteVar16x32(row, y0);
            c21 += Avx512F.PermuteVar16x32(row, y1);
            c22 += Avx512F.PermuteVar16x32(row, y2);
            row = w * Vector512.Load(sums + (rowCodes[3] * SignProductSum.CodesPerGroup));
            c30 += Avx512F.PermuteVar16x32(row, y0);
            c31 += Avx512F.PermuteVar16x32(row, y1);
            c32 += Avx512F.PermuteVar16x32(row, y2);
            row = w * Vector512.Load(sums + (rowCodes[4] * SignProductSum.CodesPerGroup));
            c40 += Avx512F.PermuteVar16x32(row, y0);
            c41 += Avx512F.PermuteVar16x32(row, y1);
            c42 += Avx512F.PermuteVar16x32(row, y2);
            row = w * Vector512.Load(sums + (rowCodes[5] * SignProductSum.CodesPerGroup));
            c50 += Avx512F.PermuteVar16x32(row, y0);
            c51 += Avx512F.PermuteVar16x32(row, y1);
            c52 += Avx512F.PermuteVar16x32(row, y2);
            row = w * Vector512.Load(sums + (rowCodes[6] * SignProductSum.CodesPerGroup));
            c60 += Avx512F.PermuteVar16x32(row, y0);
            c61 += Avx512F.PermuteVar16x32(row, y1);
            c62 += Avx512F.PermuteVar16x32(row, y2);
            row = w * Vector512.Load(sums + (rowCodes[7] * SignProductSum.CodesPerGroup));
            c70 += Avx512F.PermuteVar16x32(row, y0);
            c71 += Avx512F.PermuteVar16x32(row, y1);
            c72 += Avx512F.PermuteVar16x32(row, y2);
            rowCodes += SignProductSum.Rows;
            columnCodes += SignProductSum.Columns;
        }

        var va = Vector512.Create(alpha);
        Store(va, c00, c01, c02, c);
        Store(va, c10, c11, c12, c + ldc);
        Store(va, c20, c21, c22, c + (2L * ldc));
        Store(va, c30, c31, c32, c + (3L * ldc));
        Store(va, c40, c41, c42, c + (4L * ldc));
        Store(va, c50, c51, c52, c + (5L * ldc));
        Store(va, c60, c61, c62, c + (6L * ldc));
        Store(va, c70, c71, c72, c + (7L * ldc));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> alpha, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, float* c)
    {
        (alpha * s0).Store(c);
        (alpha * s1).Store(c + 16);
        (alpha * s2).Store(c + 32);
    }
}
