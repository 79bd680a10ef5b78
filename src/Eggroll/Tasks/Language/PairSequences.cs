using Eggroll.Noise;

namespace Eggroll.Tasks.Language;

/// <summary>
/// The training windows of one epoch: every antithetic pair gets its own windows of a byte corpus, drawn from
/// (seed, epoch, pair, window), and both members of the pair see the same ones, so they differ only by their noise.
/// </summary>
public static class PairSequences
{
    /// <summary>
    /// Writes the windows (<paramref name="length"/> + 1 bytes each) of member m's row s at row m·perPair + s of
    /// <paramref name="destination"/> (rows of <paramref name="length"/> + 1 values) for <paramref name="pairs"/> pairs.
    /// </summary>
    public static void Fill<T>(ReadOnlySpan<byte> corpus, ulong seed, long epoch, int pairs, int perPair, int length, Span<T> destination, Func<byte, T> convert) =>
        Fill(corpus, seed, epoch, 0, pairs, perPair, length, destination, convert);

    /// <summary>
    /// Writes the windows of pairs [<paramref name="firstPair"/>, firstPair + <paramref name="pairs"/>) only, as
    /// <see cref="Fill{T}(ReadOnlySpan{byte}, ulong, long, int, int, int, Span{T}, Func{byte, T})"/> writes them for the
    /// whole population but with pair <paramref name="firstPair"/>'s first row at row 0 of <paramref name="destination"/>.
    /// </summary>
    public static void Fill<T>(ReadOnlySpan<byte> corpus, ulong seed, long epoch, int firstPair, int pairs, int perPair, int length, Span<T> destination, Func<byte, T> convert)
    {
        ArgumentNullException.ThrowIfNull(convert);
        ArgumentOutOfRangeException.ThrowIfLessThan(corpus.Length, length + 2, nameof(corpus));
        ArgumentOutOfRangeException.ThrowIfNegative(firstPair);
        for (int p = 0; p < pairs; p++)
        {
            for (int s = 0; s < perPair; s++)
            {
                int start = CounterRandom.NextInt(seed, (uint)epoch, (uint)(((firstPair + p) * perPair) + s), corpus.Length - length);
                var source = corpus.Slice(start, length + 1);
                var plus = destination.Slice(((2 * p * perPair) + s) * (length + 1), length + 1);
                var minus = destination.Slice(((((2 * p) + 1) * perPair) + s) * (length + 1), length + 1);
                for (int i = 0; i < source.Length; i++)
                {
                    plus[i] = minus[i] = convert(source[i]);
                }
            }
        }
    }
}
