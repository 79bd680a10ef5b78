using System.Runtime.CompilerServices;
namespace Eggroll.Noise;

/// <summary>
/// Standard normal noise regenerated from a <see cref="NoiseKey"/>. Element i of a stream
/// depends only on the key and i: block i/4 of Philox4x32-10 (counter = block, pair,
/// noise epoch, parameter id; key = seed) gives four uniforms, turned into four normals by
/// the Box-Muller transform. The numbers are bit-identical on every machine, thread count,
/// instruction set and split of the stream into slices.
/// </summary>
public static class GaussianNoise
{
    /// <summary>
    /// Number of elements in one stream: the block index is the 32-bit counter word, so a key
    /// has 2^32 blocks of four normals.
    /// </summary>
    public const long MaxElements = 1L << 34;

    private const int MaxChunkLength = 64;

    /// <summary>Fills <paramref name="destination"/> with elements [0, length) of the stream of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The destination is longer than <see cref="MaxElements"/>.</exception>
    public static void Fill(NoiseKey key, Span<float> destination) => Fill(key, 0, destination);

    /// <summary>
    /// Fills <paramref name="destination"/> with elements [start, start + length) of the stream of
    /// <paramref name="key"/>: element i is the same whichever slice it is generated in.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="startElement"/> is negative, or the range ends past <see cref="MaxElements"/>.
    /// </exception>
    public static void Fill(NoiseKey key, long startElement, Span<float> destination) =>
        Fill(key, startElement, destination, NoisePaths.Best);

    /// <summary>As <see cref="Fill(NoiseKey, long, Span{float})"/>, on a given instruction set.</summary>
    internal static void Fill(NoiseKey key, long startElement, Span<float> destination, NoisePath path)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startElement);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startElement, MaxElements - destination.Length);
        if (!NoisePaths.IsSupported(path))
        {
            throw new PlatformNotSupportedException($"Noise path {path} is not supported on this machine.");
        }

        switch (path)
        {
            case NoisePath.Vector512:
                FillChunks<Vector512NoiseChunk>(key, startElement, destination);
                break;
            case NoisePath.Vector256:
                FillChunks<Vector256NoiseChunk>(key, startElement, destination);
                break;
            default:
                FillChunks<ScalarNoiseChunk>(key, startElement, destination);
                break;
        }
    }

    /// <summary>
    /// Generates whole aligned chunks straight into the destination and the partial chunks at
    /// either end through a buffer, so every element comes from the same chunk computation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillChunks<TChunk>(NoiseKey key, long startElement, Span<float> destination)
        where TChunk : struct, INoiseChunk
    {
        int length = TChunk.Length;
        Span<float> buffer = stackalloc float[MaxChunkLength];
        long chunkStart = startElement - startElement % length;
        int skip = (int)(startElement - chunkStart);
        int written = 0;
        while (written < destination.Length)
        {
            uint firstBlock = (uint)(chunkStart >> 2);
            int remaining = destination.Length - written;
            if (skip == 0 && remaining >= length)
            {
                TChunk.Generate(key, firstBlock, destination.Slice(written, length));
                written += length;
            }
            else
            {
                TChunk.Generate(key, firstBlock, buffer);
                int count = Math.Min(length - skip, remaining);
                buffer.Slice(skip, count).CopyTo(destination[written..]);
                written += count;
                skip = 0;
            }

            chunkStart += length;
        }
    }
}
