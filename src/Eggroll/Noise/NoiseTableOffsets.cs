namespace Eggroll.Noise;

/// <summary>
/// What the noise tables share (docs/algorithm.md §1.4, §4.2): the Gaussian stream their values come from and the
/// hash that places the slice of (parameter key, noise epoch, pair) in a table.
/// </summary>
internal static class NoiseTableOffsets
{
    /// <summary>Parameter id of the tables' own Gaussian stream (no model parameter uses it).</summary>
    public const uint TableStream = 0xFFFF_FFF0;

    /// <summary>Fourth Philox counter word of offset hashes, separating them from noise and data streams.</summary>
    private const uint OffsetTag = 0x0FF5_E75;

    /// <summary>The key of the Gaussian stream a table of <paramref name="seed"/> is filled from.</summary>
    public static NoiseKey TableKey(ulong seed) => new(seed, TableStream, 0, 0);

    /// <summary>The start of the slice of (parameter key, noise epoch, pair), uniform in [0, <paramref name="offsets"/>).</summary>
    public static int Of(ulong seed, int offsets, uint parameterKey, uint noiseEpoch, uint pair)
    {
        var (x0, x1, _, _) = Philox.Block((uint)seed, (uint)(seed >> 32), pair, noiseEpoch, parameterKey, OffsetTag);
        ulong bits = ((ulong)x1 << 32) | x0;
        return (int)Math.BigMul(bits, (ulong)offsets, out _);
    }
}
