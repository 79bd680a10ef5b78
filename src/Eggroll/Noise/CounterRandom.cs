namespace Eggroll.Noise;

/// <summary>
/// Stateless random integers for deterministic data sampling, e.g. the minibatch rows of an
/// epoch: value (seed, stream, index) is one Philox4x32-10 block with key = seed and
/// counter = (index, stream, 0xFFFFFFFF, 0), so any thread recomputes it alone.
/// </summary>
/// <remarks>
/// The tag 0xFFFFFFFF sits where <see cref="GaussianNoise"/> puts the noise epoch; noise streams
/// would overlap these values only at noise epoch <see cref="uint.MaxValue"/>.
/// </remarks>
public static class CounterRandom
{
    private const uint Tag = uint.MaxValue;

    /// <summary>Returns a uniformly distributed 32-bit value determined by (seed, stream, index).</summary>
    /// <param name="seed">The run seed (the Philox key).</param>
    /// <param name="stream">Which sequence, e.g. the epoch.</param>
    /// <param name="index">Position in the sequence.</param>
    public static uint NextUInt(ulong seed, uint stream, uint index) =>
        Philox.Block((uint)seed, (uint)(seed >> 32), index, stream, Tag, 0).X0;

    /// <summary>
    /// Returns an integer in [0, <paramref name="exclusiveMax"/>) determined by (seed, stream, index).
    /// Multiplies 64 random bits (words 0 and 1 of the block) by <paramref name="exclusiveMax"/> and
    /// keeps the high 64 bits of the product: each result is hit by ⌊2^64/n⌋ or ⌈2^64/n⌉ of the
    /// 2^64 inputs, so its probability is within 2^-64 of 1/n (n = <paramref name="exclusiveMax"/>),
    /// a bias far below anything sampling can detect.
    /// </summary>
    /// <param name="seed">The run seed (the Philox key).</param>
    /// <param name="stream">Which sequence, e.g. the epoch.</param>
    /// <param name="index">Position in the sequence.</param>
    /// <param name="exclusiveMax">Number of possible results; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exclusiveMax"/> is not positive.</exception>
    public static int NextInt(ulong seed, uint stream, uint index, int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        var (x0, x1, _, _) = Philox.Block((uint)seed, (uint)(seed >> 32), index, stream, Tag, 0);
        ulong bits = ((ulong)x1 << 32) | x0;
        return (int)Math.BigMul(bits, (ulong)exclusiveMax, out _);
    }
}
