using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics.Int8;

/// <summary>The micro-kernels of <see cref="Int8Gemm"/>; all give bit-identical results.</summary>
public enum Int8Kernel
{
    /// <summary>Portable scalar loops.</summary>
    Scalar,

    /// <summary>AVX2: bytes sign-extended to 16 bits, multiply-add pairs into 32 bits.</summary>
    Avx2,

    /// <summary>AVX-VNNI (256-bit): unsigned×signed byte dot products on activations offset by +128, corrected by 128·column sums.</summary>
    AvxVnni,

    /// <summary>
    /// 512-bit VNNI (vpdpbusd zmm) in an 8 × 32 kernel generated as machine code at start-up, on
    /// Linux x64 CPUs with AVX512_VNNI while the runtime reports AVX-512F enabled (so <c>DOTNET_EnableAVX512=0</c>
    /// and <c>DOTNET_EnableHWIntrinsic=0</c> turn it off); same offset and correction as <see cref="AvxVnni"/>.
    /// Setting the environment variable <c>EGGROLL_NO_GENERATED_CODE</c> also turns it off.
    /// </summary>
    Avx512Vnni,
}

/// <summary>Which <see cref="Int8Kernel"/> values this machine supports.</summary>
public static class Int8Kernels
{
    private static readonly Int8Kernel[] FastestFirst = [Int8Kernel.Avx512Vnni, Int8Kernel.AvxVnni, Int8Kernel.Avx2];

    /// <summary>
    /// The fastest kernel the machine supports within the <see cref="KernelFamily.Int8Gemm"/> ceiling of
    /// <see cref="KernelPaths"/> (<see cref="Int8Kernel.AvxVnni"/> and <see cref="Int8Kernel.Avx2"/> are both <see cref="KernelLevel.Avx2"/>).
    /// </summary>
    public static Int8Kernel Best
    {
        get
        {
            foreach (Int8Kernel kernel in FastestFirst)
            {
                if (IsSupported(kernel) && KernelPaths.Allows(KernelFamily.Int8Gemm, LevelOf(kernel)))
                {
                    return kernel;
                }
            }

            return Int8Kernel.Scalar;
        }
    }

    /// <summary>The instruction-set level of <paramref name="kernel"/>.</summary>
    public static KernelLevel LevelOf(Int8Kernel kernel) => kernel switch
    {
        Int8Kernel.Avx512Vnni => KernelLevel.Avx512,
        Int8Kernel.AvxVnni or Int8Kernel.Avx2 => KernelLevel.Avx2,
        _ => KernelLevel.Portable,
    };

    /// <summary>Whether <paramref name="kernel"/> can run on this machine.</summary>
    public static bool IsSupported(Int8Kernel kernel) => kernel switch
    {
        Int8Kernel.AvxVnni => AvxVnni.IsSupported,
        Int8Kernel.Avx512Vnni => Vnni512MicroKernel.IsSupported,
        Int8Kernel.Avx2 => Avx2.IsSupported,
        _ => true,
    };
}
