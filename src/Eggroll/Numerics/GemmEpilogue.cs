using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Eggroll.Numerics;

/// <summary>
/// Writes micro-kernel tiles into C. Vector and scalar paths do the same two roundings
/// (multiply, then add; never fused), so edge and interior elements are computed alike.
/// </summary>
internal static unsafe class GemmEpilogue
{
    /// <summary>c = alpha·tile + beta·c on the top-left rows×cols of a tile whose row stride is nr; beta = 0 ignores c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Store(float* tile, int nr, int rows, int cols, float* c, int ldc, float alpha, float beta)
    {
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + (r * nr);
            float* cr = c + ((long)r * ldc);
            int j = 0;
            if (beta == 0f)
            {
                for (; j <= cols - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    (va * Vector256.Load(t + j)).Store(cr + j);
                }

                for (; j < cols; j++)
                {
                    cr[j] = alpha * t[j];
                }
            }
            else
            {
                for (; j <= cols - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    ((va * Vector256.Load(t + j)) + (vb * Vector256.Load(cr + j))).Store(cr + j);
                }

                for (; j < cols; j++)
                {
                    cr[j] = (alpha * t[j]) + (beta * cr[j]);
                }
            }
        }
    }

    /// <summary>c = beta·c on an m×n block; beta = 0 writes zeros whatever c held.</summary>
    public static void Scale(float* c, int m, int n, int ldc, float beta)
    {
        for (int r = 0; r < m; r++)
        {
            var row = new Span<float>(c + ((long)r * ldc), n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    row[j] *= beta;
                }
            }
        }
    }
}
