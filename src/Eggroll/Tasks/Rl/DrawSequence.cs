using Eggroll.Noise;

namespace Eggroll.Tasks.Rl;

/// <summary>
/// The random draws of one phase of an episode: draw i of stream s under seed k comes from
/// <see cref="CounterRandom"/> at (k, s, i). Environments with random dynamics draw their initial
/// state from stream 0 and the randomness of step t from stream t, so what a step draws depends
/// only on the seed and the step number, never on how much earlier steps drew.
/// </summary>
public sealed class DrawSequence
{
    private ulong seed;
    private uint stream;
    private uint index;

    /// <summary>Starts stream <paramref name="streamNumber"/> of <paramref name="episodeSeed"/> from its first draw.</summary>
    public void Restart(ulong episodeSeed, uint streamNumber)
    {
        seed = episodeSeed;
        stream = streamNumber;
        index = 0;
    }

    /// <summary>The next integer, uniform in [0, <paramref name="exclusiveMax"/>).</summary>
    public int Next(int exclusiveMax) => CounterRandom.NextInt(seed, stream, index++, exclusiveMax);

    /// <summary>The next real, uniform in [0, 1) with 32 random bits.</summary>
    public double NextUnit() => CounterRandom.NextUInt(seed, stream, index++) * (1.0 / 4294967296.0);
}
