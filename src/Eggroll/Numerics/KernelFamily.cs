namespace Eggroll.Numerics;

/// <summary>A group of kernels whose path is chosen together by <see cref="KernelPaths"/>.</summary>
public enum KernelFamily
{
    /// <summary>The fp32 GEMM: its micro-kernel and the packing of its panels.</summary>
    Gemm,

    /// <summary>Gaussian noise generation (Philox and Box–Muller).</summary>
    Noise,

    /// <summary>The int8 GEMM kernels (scalar, AVX2, AVX-VNNI, generated 512-bit VNNI).</summary>
    Int8Gemm,

    /// <summary>The int8 row operations: the rank-r epilogue, the norm and the int8 dot product.</summary>
    Int8Rows,
}
