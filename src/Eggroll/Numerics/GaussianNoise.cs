namespace Eggroll.Numerics;

/// <summary>
/// Standard normal noise regenerated from a <see cref="NoiseKey"/>. Element i of a stream
/// depends only on the key and i: block i/4 of Philox4x32-10 (counter = block, pair,
/// noise epoch, parameter id; key = seed) gives four uniforms, turned into four normals by
/// the Box-Muller transform.
/// </summary>
public static class GaussianNoise
{
    /// <summary>Fills <paramref name="destination"/> with elements [start, start + length) of the stream of <paramref name="key"/>.</summary>
    public static void Fill(NoiseKey key, long startElement, Span<float> destination)
    {
        var all = new float[startElement + destination.Length];
        Fill(key, all);
        all.AsSpan((int)startElement).CopyTo(destination);
    }

    /// <summary>Fills <paramref name="destination"/> with elements [0, length) of the stream of <paramref name="key"/>.</summary>
    public static void Fill(NoiseKey key, Span<float> destination)
    {
        uint k0 = (uint)key.Seed, k1 = (uint)(key.Seed >> 32);
        Span<float> z = stackalloc float[4];
        for (int i = 0; i < destination.Length; i += 4)
        {
            var (x0, x1, x2, x3) = Philox.Block(k0, k1, (uint)(i >> 2), key.Pair, key.NoiseEpoch, key.ParameterId);
            BoxMuller(x0, x1, out z[0], out z[1]);
            BoxMuller(x2, x3, out z[2], out z[3]);
            for (int lane = 0; lane < 4 && i + lane < destination.Length; lane++)
            {
                destination[i + lane] = z[lane];
            }
        }
    }

    private static void BoxMuller(uint a, uint b, out float z0, out float z1)
    {
        float u1 = ((a >> 8) + 0.5f) * (1f / 16777216f);
        float u2 = ((b >> 8) + 0.5f) * (1f / 16777216f);
        float radius = MathF.Sqrt(-2f * MathF.Log(u1));
        float angle = 2f * MathF.PI * u2;
        z0 = radius * MathF.Cos(angle);
        z1 = radius * MathF.Sin(angle);
    }
}
