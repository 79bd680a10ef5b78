using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Eggroll.Numerics;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded panels the micro-kernels read:
/// an A panel is kc steps of mr row values, a B panel is kc steps of nr column values. Kernels above
/// <see cref="KernelLevel.Portable"/> gather rows with the AVX 8×8 transpose, the portable one lane by lane.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Packs rows [i0, i0 + mc) × depth [p0, p0 + kc) of op(A) into ceil(mc / mr) panels of <paramref name="kernel"/> at dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(in GemmShape s, int i0, int mc, int p0, int kc, in GemmKernel kernel, float* dst)
    {
        int mr = kernel.MR;
        bool blocks = TransposesBlocks(kernel);
        for (int first = 0; first < mc; first += mr)
        {
            int rows = Math.Min(mr, mc - first);
            int i = i0 + first;
            if (s.TransA == Transpose.No)
            {
                Gather(s.A + ((long)i * s.Lda) + p0, s.Lda, rows, kc, mr, blocks, dst);
            }
            else
            {
                Copy(s.A + ((long)p0 * s.Lda) + i, s.Lda, rows, kc, mr, dst);
            }

            dst += (long)mr * kc;
        }
    }

    /// <summary>
    /// Packs panels [panel0, panel1) of <paramref name="kernel"/> over columns [j0, j0 + nc) × depth [p0, p0 + kc)
    /// of op(B); panel q covers columns j0 + q·nr onwards and lands at dst + q·nr·kc.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(in GemmShape s, int j0, int nc, int p0, int kc, in GemmKernel kernel, int panel0, int panel1, float* dst)
    {
        int nr = kernel.NR;
        bool blocks = TransposesBlocks(kernel);
        for (int q = panel0; q < panel1; q++)
        {
            int cols = Math.Min(nr, nc - (q * nr));
            int j = j0 + (q * nr);
            float* panel = dst + ((long)q * nr * kc);
            if (s.TransB == Transpose.No)
            {
                Copy(s.B + ((long)p0 * s.Ldb) + j, s.Ldb, cols, kc, nr, panel);
            }
            else
            {
                Gather(s.B + ((long)j * s.Ldb) + p0, s.Ldb, cols, kc, nr, blocks, panel);
            }
        }
    }

    private static bool TransposesBlocks(in GemmKernel kernel) => kernel.Level != KernelLevel.Portable && GemmTranspose8.IsSupported;

    /// <summary>
    /// Panel from `lanes` source rows (stride ld), each kc long: dst[p·width + lane] = src[lane·ld + p];
    /// 8×8 blocks at a time when <paramref name="blocks"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather(float* src, int ld, int lanes, int kc, int width, bool blocks, float* dst)
    {
        int lane = 0;
        if (blocks)
        {
            for (; lane + 8 <= lanes; lane += 8)
            {
                float* s0 = src + ((long)lane * ld);
                int p = 0;
                for (; p + 8 <= kc; p += 8)
                {
                    GemmTranspose8.Block(s0 + p, ld, dst + ((long)p * width) + lane, width);
                }

                for (; p < kc; p++)
                {
                    for (int l = 0; l < 8; l++)
                    {
                        dst[((long)p * width) + lane + l] = s0[((long)l * ld) + p];
                    }
                }
            }
        }

        for (; lane + 4 <= lanes; lane += 4)
        {
            float* s0 = src + ((long)lane * ld);
            float* s1 = s0 + ld;
            float* s2 = s1 + ld;
            float* s3 = s2 + ld;
            float* d = dst + lane;
            for (int p = 0; p < kc; p++)
            {
                d[0] = s0[p];
                d[1] = s1[p];
                d[2] = s2[p];
                d[3] = s3[p];
                d += width;
            }
        }

        for (; lane < lanes; lane++)
        {
            float* s0 = src + ((long)lane * ld);
            for (int p = 0; p < kc; p++)
            {
                dst[(p * width) + lane] = s0[p];
            }
        }

        ZeroLanes(dst, lanes, kc, width);
    }

    /// <summary>Panel from kc source rows (stride ld) of `lanes` contiguous values: dst[p·width + lane] = src[p·ld + lane].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Copy(float* src, int ld, int lanes, int kc, int width, float* dst)
    {
        for (int p = 0; p < kc; p++)
        {
            float* s = src + ((long)p * ld);
            float* d = dst + (p * width);
            int lane = 0;
            for (; lane + Vector256<float>.Count <= lanes; lane += Vector256<float>.Count)
            {
                Vector256.Load(s + lane).Store(d + lane);
            }

            for (; lane < lanes; lane++)
            {
                d[lane] = s[lane];
            }
        }

        ZeroLanes(dst, lanes, kc, width);
    }

    private static void ZeroLanes(float* dst, int lanes, int kc, int width)
    {
        if (lanes == width)
        {
            return;
        }

        for (int p = 0; p < kc; p++)
        {
            new Span<float>(dst + (p * width) + lanes, width - lanes).Clear();
        }
    }
}
