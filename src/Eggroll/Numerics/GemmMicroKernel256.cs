using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics;

/// <summary>AVX2/FMA micro-kernel: 6 rows × 16 columns (two Vector256 per row) of accumulators held in registers.</summary>
internal static unsafe class GemmMicroKernel256
{
    public const int MR = 6;
    public const int NR = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, float* b, int kc, float* c, int ldc, float alpha, float beta)
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> av;
            av = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(av, b0, c00);
            c01 = Fma.MultiplyAdd(av, b1, c01);
            av = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(av, b0, c10);
            c11 = Fma.MultiplyAdd(av, b1, c11);
            av = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(av, b0, c20);
            c21 = Fma.MultiplyAdd(av, b1, c21);
            av = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(av, b0, c30);
            c31 = Fma.MultiplyAdd(av, b1, c31);
            av = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(av, b0, c40);
            c41 = Fma.MultiplyAdd(av, b1, c41);
            av = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(av, b0, c50);
            c51 = Fma.MultiplyAdd(av, b1, c51);
            a += MR;
            b += NR;
        }

        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        bool keep = beta != 0f;
        Put(c00, c01, c, va, vb, keep);
        Put(c10, c11, c + ldc, va, vb, keep);
        Put(c20, c21, c + (2L * ldc), va, vb, keep);
        Put(c30, c31, c + (3L * ldc), va, vb, keep);
        Put(c40, c41, c + (4L * ldc), va, vb, keep);
        Put(c50, c51, c + (5L * ldc), va, vb, keep);
    }

    /// <summary>c[0..16) = alpha·acc + beta·c (two roundings, like <see cref="GemmEpilogue.Store"/>), or alpha·acc when not keeping c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(Vector256<float> acc0, Vector256<float> acc1, float* c, Vector256<float> va, Vector256<float> vb, bool keep)
    {
        if (keep)
        {
            ((va * acc0) + (vb * Vector256.Load(c))).Store(c);
            ((va * acc1) + (vb * Vector256.Load(c + 8))).Store(c + 8);
        }
        else
        {
            (va * acc0).Store(c);
            (va * acc1).Store(c + 8);
        }
    }
}
