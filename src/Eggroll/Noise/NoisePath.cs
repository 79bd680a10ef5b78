using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Noise;

/// <summary>Instruction set used to generate noise; every path gives bit-identical numbers.</summary>
internal enum NoisePath
{
    /// <summary>One Philox block at a time in scalar code.</summary>
    Scalar,

    /// <summary>8 blocks at a time with AVX2 and FMA.</summary>
    Vector256,

    /// <summary>16 blocks at a time with AVX-512F.</summary>
    Vector512,
}

/// <summary>Which <see cref="NoisePath"/> values this machine runs, and the fastest of them.</summary>
internal static class NoisePaths
{
    /// <summary>The fastest path this machine supports.</summary>
    public static NoisePath Best { get; } =
        IsSupported(NoisePath.Vector512) ? NoisePath.Vector512
        : IsSupported(NoisePath.Vector256) ? NoisePath.Vector256
        : NoisePath.Scalar;

    /// <summary>Whether this machine can run <paramref name="path"/>.</summary>
    public static bool IsSupported(NoisePath path) => path switch
    {
        NoisePath.Scalar => true,
        NoisePath.Vector256 => Avx2.IsSupported && Fma.IsSupported && Vector256.IsHardwareAccelerated,
        NoisePath.Vector512 => Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
        _ => false,
    };
}
