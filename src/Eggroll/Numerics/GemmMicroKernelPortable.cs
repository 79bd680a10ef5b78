using System.Runtime.CompilerServices;
namespace Eggroll.Numerics;

/// <summary>Portable scalar micro-kernel: 4 rows × 8 columns, used when no SIMD kernel applies.</summary>
internal static unsafe class GemmMicroKernelPortable
{
    public const int MR = 4;
    public const int NR = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, float* b, int kc, float* c, int ldc, float alpha, float beta)
    {
        float* tile = stackalloc float[MR * NR];
        new Span<float>(tile, MR * NR).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < MR; r++)
            {
                float av = a[r];
                float* row = tile + (r * NR);
                for (int j = 0; j < NR; j++)
                {
                    row[j] += av * b[j];
                }
            }

            a += MR;
            b += NR;
        }

        GemmEpilogue.Store(tile, NR, MR, NR, c, ldc, alpha, beta);
    }
}
