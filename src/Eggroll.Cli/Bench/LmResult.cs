namespace Eggroll.Cli.Bench;

/// <summary>
/// One RWKV-7 model at one population size: median milliseconds of one step of plain batched inference (N streams,
/// no noise) and of one population step (N members, one row each, every member with its own rank-r perturbation),
/// tokens/s of both, the population step's throughput with inference = 100 (median over rounds of the plain step's
/// time against the population step's time in the same round), and the memory one member adds.
/// </summary>
/// <param name="Model">Which model: "L×D" of the byte grid, or the 0.1B shape.</param>
/// <param name="Layers">Blocks L.</param>
/// <param name="Width">Width D.</param>
/// <param name="Vocabulary">Tokens V.</param>
/// <param name="Rank">Rank r of every matrix's perturbation.</param>
/// <param name="Population">N: streams of inference, members of the population step.</param>
/// <param name="PlainMilliseconds">Median time of one plain step of all N streams.</param>
/// <param name="PopulationMilliseconds">Median time of one population step; null for a single stream (a population holds antithetic pairs).</param>
/// <param name="PlainTokensPerSecond">N / <paramref name="PlainMilliseconds"/>.</param>
/// <param name="PopulationTokensPerSecond">N / <paramref name="PopulationMilliseconds"/>.</param>
/// <param name="PopulationPercent">The population step's throughput, plain inference = 100.</param>
/// <param name="StateBytesPerMember">The recurrent state of one stream: L × (2D + D·head size) floats.</param>
/// <param name="NoiseBytesPerMember">The perturbation's pre-generated factors and vector noise, per member (heap growth when the noise epoch is loaded, over N).</param>
/// <param name="BufferBytesPerMember">Everything else the population step allocates, per member: activations, logits and per-row terms (heap growth over one step, over N).</param>
internal sealed record LmResult(
    string Model,
    int Layers,
    int Width,
    int Vocabulary,
    int Rank,
    int Population,
    double PlainMilliseconds,
    double? PopulationMilliseconds,
    double PlainTokensPerSecond,
    double? PopulationTokensPerSecond,
    double? PopulationPercent,
    long StateBytesPerMember,
    long? NoiseBytesPerMember,
    long BufferBytesPerMember)
{
    /// <summary>State, noise and buffers together.</summary>
    public long TotalBytesPerMember => StateBytesPerMember + (NoiseBytesPerMember ?? 0) + BufferBytesPerMember;
}
