using Eggroll.Noise;

namespace Eggroll.Tasks.Rl;

/// <summary>
/// Deterministic randomness of episodes: initial states come from <see cref="CounterRandom"/>
/// keyed by the episode seed, and episode seeds from (run seed, stream, pair, episode).
/// </summary>
public static class EpisodeRandom
{
    /// <summary>The stream of evaluation episodes (training uses the epoch as stream).</summary>
    public const uint EvaluationStream = uint.MaxValue;

    private const uint SeedTag = uint.MaxValue - 1;

    /// <summary>
    /// Value number <paramref name="index"/> of the episode <paramref name="seed"/>, uniform in
    /// [<paramref name="low"/>, <paramref name="high"/>) with 32 random bits.
    /// </summary>
    public static double Uniform(ulong seed, uint index, double low, double high) =>
        low + ((high - low) * (CounterRandom.NextUInt(seed, 0, index) * (1.0 / 4294967296.0)));

    /// <summary>
    /// The seed of episode <paramref name="episode"/> of antithetic pair <paramref name="pair"/>
    /// in <paramref name="stream"/> (the epoch in training): one Philox4x32-10 block with key =
    /// run seed and counter = (pair, episode, 0xFFFFFFFE, stream). Both members of a pair share it.
    /// </summary>
    public static ulong EpisodeSeed(ulong runSeed, uint stream, uint pair, uint episode)
    {
        var (x0, x1, _, _) = Philox.Block((uint)runSeed, (uint)(runSeed >> 32), pair, episode, SeedTag, stream);
        return ((ulong)x1 << 32) | x0;
    }
}
