using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Eggroll.Numerics;

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
    /// <summary>The fastest path this machine supports within the <see cref="KernelFamily.Noise"/> ceiling of <see cref="KernelPaths"/>.</summary>
    public static NoisePath Best => For(KernelPaths.Highest(KernelFamily.Noise, level => IsSupported(For(level))));

    /// <summary>The path of <paramref name="level"/>.</summary>
    public static NoisePath For(KernelLevel level) => level switch
    {
        KernelLevel.Avx512 => NoisePath.Vector512,
        KernelLevel.Avx2 => NoisePath.Vector256,
        _ => NoisePath.Scalar,
    };

    /// <summary>Whether this machine can run <paramref name="path"/>.</summary>
    public static bool IsSupported(NoisePath path) => path switch
    {
        NoisePath.Scalar => true,
        NoisePath.Vector256 => Avx2.IsSupported && Fma.IsSupported && Vector256.IsHardwareAccelerated,
        NoisePath.Vector512 => Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
        _ => false,
    };
}
