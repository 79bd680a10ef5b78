namespace Eggroll.Noise;

/// <summary>
/// Identifies one stream of noise: the run seed, the parameter, the noise epoch and the
/// antithetic pair. Any thread or machine that knows the key regenerates the same numbers.
/// </summary>
/// <param name="Seed">The run seed.</param>
/// <param name="ParameterId">The parameter's stable id within its model.</param>
/// <param name="NoiseEpoch">The epoch divided by the noise-reuse period.</param>
/// <param name="Pair">The antithetic pair index (member index divided by two).</param>
public readonly record struct NoiseKey(ulong Seed, uint ParameterId, uint NoiseEpoch, uint Pair);
