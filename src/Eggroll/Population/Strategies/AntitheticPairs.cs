namespace Eggroll.Population.Strategies;

/// <summary>
/// The population layout every strategy shares: member t belongs to pair p = t/2 with sign
/// s_t = +1 (even t) or −1 (odd t), so both members of a pair see the same noise, mirrored.
/// </summary>
public static class AntitheticPairs
{
    /// <summary>The antithetic sign of member <paramref name="member"/>: +1 for even, −1 for odd.</summary>
    public static float SignOf(int member) => (member & 1) == 0 ? 1f : -1f;

    /// <summary>
    /// Converts shaped fitness F (one per member) to pair weights c_p = F_{2p} − F_{2p+1},
    /// so that Σ_t F_t s_t ε_p(t) = Σ_p c_p ε_p.
    /// </summary>
    public static void PairWeights(ReadOnlySpan<float> shapedFitness, Span<float> pairWeights)
    {
        for (int p = 0; p < pairWeights.Length; p++)
        {
            pairWeights[p] = shapedFitness[2 * p] - shapedFitness[2 * p + 1];
        }
    }
}
