namespace Eggroll.Numerics;

/// <summary>
/// The instruction-set level of a kernel path, lowest first. The paths of a family give bit-identical results,
/// except that the portable fp32 GEMM kernel rounds each multiply and add separately where the vector kernels
/// fuse them, so its last bits can differ.
/// </summary>
public enum KernelLevel
{
    /// <summary>Scalar code without hardware intrinsics; runs everywhere.</summary>
    Portable,

    /// <summary>256-bit paths: AVX, AVX2, FMA and AVX-VNNI.</summary>
    Avx2,

    /// <summary>512-bit paths: AVX-512F/BW and the generated 512-bit VNNI kernel.</summary>
    Avx512,
}
