namespace Eggroll.Numerics;

/// <summary>Stateless random integers from Philox, keyed by a seed, a stream and an index.</summary>
public static class CounterRandom
{
    /// <summary>A uniform 32-bit value for (seed, stream, index).</summary>
    public static uint NextUInt(ulong seed, uint stream, uint index) =>
        Philox.Block((uint)seed, (uint)(seed >> 32), index, stream, 0x5EED5EED, 0).X0;

    /// <summary>A value in [0, exclusiveMax) by 64-bit multiply-shift.</summary>
    public static int NextInt(ulong seed, uint stream, uint index, int exclusiveMax) =>
        (int)(((ulong)NextUInt(seed, stream, index) * (ulong)exclusiveMax) >> 32);
}
