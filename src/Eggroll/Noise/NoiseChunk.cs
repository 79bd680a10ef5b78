using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Eggroll.Numerics;

namespace Eggroll.Noise;

/// <summary>Generates one aligned chunk of a noise stream: a run of consecutive Philox blocks, four normals each.</summary>
internal interface INoiseChunk
{
    /// <summary>Number of normals in a chunk; a multiple of 4.</summary>
    static abstract int Length { get; }

    /// <summary>Writes the <see cref="Length"/> normals of blocks [firstBlock, firstBlock + Length / 4) to <paramref name="destination"/>.</summary>
    static abstract void Generate(NoiseKey key, uint firstBlock, Span<float> destination);
}

/// <summary>One block, in scalar code.</summary>
internal readonly struct ScalarNoiseChunk : INoiseChunk
{
    /// <inheritdoc/>
    public static int Length => 4;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Generate(NoiseKey key, uint firstBlock, Span<float> destination)
    {
        var (x0, x1, x2, x3) = Philox.Block((uint)key.Seed, (uint)(key.Seed >> 32), firstBlock, key.Pair, key.NoiseEpoch, key.ParameterId);
        GaussianMath.BoxMuller(x0, x1, out float z0, out float z1);
        GaussianMath.BoxMuller(x2, x3, out float z2, out float z3);
        destination[3] = z3;
        destination[0] = z0;
        destination[1] = z1;
        destination[2] = z2;
    }
}

/// <summary>
/// Eight blocks with AVX2. Lane 4h + j holds block 2j + h, so that the in-lane unpacks of the
/// four result vectors already give the normals in stream order.
/// </summary>
internal readonly struct Vector256NoiseChunk : INoiseChunk
{
    /// <inheritdoc/>
    public static int Length => 32;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Generate(NoiseKey key, uint firstBlock, Span<float> destination)
    {
        Vector256<uint> c0 = Vector256.Create(firstBlock) + Vector256.Create(0u, 2, 4, 6, 1, 3, 5, 7);
        PhiloxVector.Block(
            (uint)key.Seed, (uint)(key.Seed >> 32), c0, Vector256.Create(key.Pair), Vector256.Create(key.NoiseEpoch), Vector256.Create(key.ParameterId),
            out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3);
        GaussianMath.BoxMuller(x0, x1, out Vector256<float> z0, out Vector256<float> z1);
        GaussianMath.BoxMuller(x2, x3, out Vector256<float> z2, out Vector256<float> z3);
        Vector256<double> low01 = Avx.UnpackLow(z0, z1).AsDouble(), low23 = Avx.UnpackLow(z2, z3).AsDouble();
        Vector256<double> high01 = Avx.UnpackHigh(z0, z1).AsDouble(), high23 = Avx.UnpackHigh(z2, z3).AsDouble();
        Avx.UnpackHigh(high01, high23).AsSingle().CopyTo(destination[24..]);
        Avx.UnpackLow(low01, low23).AsSingle().CopyTo(destination);
        Avx.UnpackHigh(low01, low23).AsSingle().CopyTo(destination[8..]);
        Avx.UnpackLow(high01, high23).AsSingle().CopyTo(destination[16..]);
    }
}

/// <summary>
/// Sixteen blocks with AVX-512. Lane 4h + j holds block 4j + h, so that the in-lane unpacks of
/// the four result vectors already give the normals in stream order.
/// </summary>
internal readonly struct Vector512NoiseChunk : INoiseChunk
{
    /// <inheritdoc/>
    public static int Length => 64;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Generate(NoiseKey key, uint firstBlock, Span<float> destination)
    {
        Vector512<uint> c0 = Vector512.Create(firstBlock) + Vector512.Create(0u, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
        PhiloxVector.Block(
            (uint)key.Seed, (uint)(key.Seed >> 32), c0, Vector512.Create(key.Pair), Vector512.Create(key.NoiseEpoch), Vector512.Create(key.ParameterId),
            out Vector512<uint> x0, out Vector512<uint> x1, out Vector512<uint> x2, out Vector512<uint> x3);
        GaussianMath.BoxMuller(x0, x1, out Vector512<float> z0, out Vector512<float> z1);
        GaussianMath.BoxMuller(x2, x3, out Vector512<float> z2, out Vector512<float> z3);
        Vector512<double> low01 = Avx512F.UnpackLow(z0, z1).AsDouble(), low23 = Avx512F.UnpackLow(z2, z3).AsDouble();
        Vector512<double> high01 = Avx512F.UnpackHigh(z0, z1).AsDouble(), high23 = Avx512F.UnpackHigh(z2, z3).AsDouble();
        Avx512F.UnpackHigh(high01, high23).AsSingle().CopyTo(destination[48..]);
        Avx512F.UnpackLow(low01, low23).AsSingle().CopyTo(destination);
        Avx512F.UnpackHigh(low01, low23).AsSingle().CopyTo(destination[16..]);
        Avx512F.UnpackLow(high01, high23).AsSingle().CopyTo(destination[32..]);
    }
}
