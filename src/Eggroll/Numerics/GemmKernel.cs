using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics;

/// <summary>
/// A register-blocked micro-kernel: from a packed MR-row panel of op(A) and a packed NR-column
/// panel of op(B), both kc deep, it forms the MR×NR sums (k in increasing order) and writes
/// c = alpha·sum + beta·c on a full MR×NR block of C with row stride ldc (beta = 0 ignores c),
/// rounding as <see cref="GemmEpilogue.Store"/> does. Its <see cref="Level"/> also decides how
/// panels are packed (<see cref="GemmPacking"/>).
/// </summary>
internal readonly unsafe struct GemmKernel(KernelLevel level, int mr, int nr, delegate*<float*, float*, int, float*, int, float, float, void> run)
{
    public readonly KernelLevel Level = level;
    public readonly int MR = mr;
    public readonly int NR = nr;
    public readonly delegate*<float*, float*, int, float*, int, float, float, void> Run = run;

    /// <summary>The fastest kernel the processor runs within the <see cref="KernelFamily.Gemm"/> ceiling of <see cref="KernelPaths"/>.</summary>
    public static GemmKernel Best => For(KernelPaths.Highest(KernelFamily.Gemm, IsSupported));

    /// <summary>Whether the kernel of <paramref name="level"/> runs on this processor and runtime.</summary>
    public static bool IsSupported(KernelLevel level) => level switch
    {
        KernelLevel.Avx512 => Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
        KernelLevel.Avx2 => Fma.IsSupported && Vector256.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>The kernel of <paramref name="level"/>: AVX-512 8×32, AVX2/FMA or scalar; only valid where <see cref="IsSupported"/>.</summary>
    public static GemmKernel For(KernelLevel level) => level switch
    {
        KernelLevel.Avx512 => new(level, GemmMicroKernel512.MR, GemmMicroKernel512.NR, &GemmMicroKernel512.Run),
        KernelLevel.Avx2 => new(level, GemmMicroKernel256.MR, GemmMicroKernel256.NR, &GemmMicroKernel256.Run),
        _ => new(level, GemmMicroKernelPortable.MR, GemmMicroKernelPortable.NR, &GemmMicroKernelPortable.Run),
    };
}
