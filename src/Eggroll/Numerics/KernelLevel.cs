namespace Eggroll.Numerics;

/// <summary>
/// The instruction-set level of a kernel path, lowest first. Every path of a family gives the same
/// results (bit for bit, except fp32 GEMM, which rounds within its documented bound); the levels differ in speed only.
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
