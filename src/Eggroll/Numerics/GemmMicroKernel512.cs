using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics;

/// <summary>AVX-512 micro-kernel: 8 rows × 32 columns (two Vector512 per row) of accumulators held in registers; C rows are prefetched while they accumulate.</summary>
internal static unsafe class GemmMicroKernel512
{
    public const int MR = 8;
    public const int NR = 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, float* b, int kc, float* c, int ldc, float alpha, float beta)
    {
        for (int r = 0; r < MR; r++)
        {
            Sse.Prefetch0(c + ((long)r * ldc));
            Sse.Prefetch0(c + ((long)r * ldc) + 16);
        }

        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> av;
            av = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(av, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(av, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(av, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(av, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(av, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(av, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(av, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(av, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(av, b1, c71);
            a += MR;
            b += NR;
        }

        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        bool keep = beta != 0f;
        Put(c00, c01, c, va, vb, keep);
        Put(c10, c11, c + ldc, va, vb, keep);
        Put(c20, c21, c + (2L * ldc), va, vb, keep);
        Put(c30, c31, c + (3L * ldc), va, vb, keep);
        Put(c40, c41, c + (4L * ldc), va, vb, keep);
        Put(c50, c51, c + (5L * ldc), va, vb, keep);
        Put(c60, c61, c + (6L * ldc), va, vb, keep);
        Put(c70, c71, c + (7L * ldc), va, vb, keep);
    }

    /// <summary>c[0..32) = alpha·acc + beta·c (two roundings, like <see cref="GemmEpilogue.Store"/>), or alpha·acc when not keeping c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(Vector512<float> acc0, Vector512<float> acc1, float* c, Vector512<float> va, Vector512<float> vb, bool keep)
    {
        if (keep)
        {
            ((va * acc0) + (vb * Vector512.Load(c))).Store(c);
            ((va * acc1) + (vb * Vector512.Load(c + 16))).Store(c + 16);
        }
        else
        {
            (va * acc0).Store(c);
            (va * acc1).Store(c + 16);
        }
    }
}
