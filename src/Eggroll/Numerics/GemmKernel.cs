using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics;

/// <summary>
/// A register-blocked micro-kernel: from a packed MR-row panel of op(A) and a packed NR-column
/// panel of op(B), both kc deep, it forms the MR×NR sums (k in increasing order) and writes
/// c = alpha·sum + beta·c on a full MR×NR block of C with row stride ldc (beta = 0 ignores c),
/// rounding as <see cref="GemmEpilogue.Store"/> does.
/// </summary>
internal readonly unsafe struct GemmKernel(int mr, int nr, delegate*<float*, float*, int, float*, int, float, float, void> run)
{
    public readonly int MR = mr;
    public readonly int NR = nr;
    public readonly delegate*<float*, float*, int, float*, int, float, float, void> Run = run;

    /// <summary>The fastest kernel the processor runs, chosen once.</summary>
    public static readonly GemmKernel Best = Select();

    private static GemmKernel Select()
    {
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            return Vector512Kernel;
        }

        if (Fma.IsSupported && Vector256.IsHardwareAccelerated)
        {
            return Vector256Kernel;
        }

        return Portable;
    }

    /// <summary>The AVX-512 kernel; only valid where <see cref="Avx512F.IsSupported"/>.</summary>
    public static GemmKernel Vector512Kernel => new(GemmMicroKernel512.MR, GemmMicroKernel512.NR, &GemmMicroKernel512.Run);

    /// <summary>The AVX2/FMA kernel; only valid where <see cref="Fma.IsSupported"/>.</summary>
    public static GemmKernel Vector256Kernel => new(GemmMicroKernel256.MR, GemmMicroKernel256.NR, &GemmMicroKernel256.Run);

    /// <summary>The scalar kernel that runs everywhere.</summary>
    public static GemmKernel Portable => new(GemmMicroKernelPortable.MR, GemmMicroKernelPortable.NR, &GemmMicroKernelPortable.Run);
}
