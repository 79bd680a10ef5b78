using System.Text.Json;
using Eggroll.Noise;

namespace Eggroll.Population.Strategies;

/// <summary>How the population is formed and its scores turned into an update.</summary>
public sealed record EvolutionConfig
{
    /// <summary>The strategy; EGGROLL by default.</summary>
    public StrategyKind Strategy { get; init; } = StrategyKind.Eggroll;

    /// <summary>Rank r of EGGROLL's perturbations (ignored by OpenES); 1 ≤ r ≤ 256.</summary>
    public int Rank { get; init; } = 1;

    /// <summary>The largest population a run may have: 2²⁴ members (the paper's largest runs use 2²⁰).</summary>
    public const int MaxPopulation = 1 << 24;

    /// <summary>Population size N: even, between 2 and <see cref="MaxPopulation"/>.</summary>
    public int Population { get; init; } = 256;

    /// <summary>Noise scale σ &gt; 0.</summary>
    public float Sigma { get; init; } = 0.05f;

    /// <summary>Noise epoch = epoch / NoiseReuse; 0 reuses the same noise forever. Default 1 (fresh noise every epoch).</summary>
    public int NoiseReuse { get; init; } = 1;

    /// <summary>
    /// EGGROLL only: the number of slice starts of a shared Gaussian noise table (docs/algorithm.md §1.4), e.g.
    /// 16777216 for a 64 MiB table; each pair's noise is then a slice of the table instead of its own stream, so a new
    /// noise epoch costs no generation. 0 (the default) gives every (parameter, pair) its own stream.
    /// </summary>
    public int NoiseTable { get; init; }

    /// <summary>
    /// The distribution of every perturbation element: <see cref="NoiseDistribution.Gaussian"/> (default) or, EGGROLL only,
    /// <see cref="NoiseDistribution.Rademacher"/> (±1, docs/algorithm.md §1.5), far cheaper to generate, or
    /// <see cref="NoiseDistribution.Gaussian16"/> (normals in 16 bits, §1.6), half the factor memory of Gaussian noise.
    /// </summary>
    public NoiseDistribution Noise { get; init; }

    /// <summary>Fitness shaping.</summary>
    public ShapingKind Shaping { get; init; } = ShapingKind.ZScore;

    /// <summary>With z-score shaping, members per group sharing a mean (0: the whole population). Must divide the population.</summary>
    public int GroupSize { get; init; }

    /// <summary>When true only matrices and embeddings evolve; vectors stay fixed (the authors' <c>freeze_nonlora</c>).</summary>
    public bool FreezeNonMatrix { get; init; }

    /// <summary>The noise epoch used in <paramref name="epoch"/>.</summary>
    public uint NoiseEpochOf(long epoch) => NoiseEpochs.Of(epoch, NoiseReuse);

    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field, prefixed by <paramref name="path"/>.</summary>
    public void Validate(string path = "evolution")
    {
        StrategyFactory.RequireKnown(Strategy, $"{path}.strategy");

        if (Rank < 1 || Rank > 256)
        {
            throw new ConfigException($"{path}.rank", $"must be between 1 and 256, got {Rank}.");
        }

        if (Population < 2 || Population % 2 != 0 || Population > MaxPopulation)
        {
            throw new ConfigException($"{path}.population", $"must be an even number between 2 and {MaxPopulation} (antithetic pairs), got {Population}.");
        }

        if (!(Sigma > 0f) || !float.IsFinite(Sigma))
        {
            throw new ConfigException($"{path}.sigma", $"must be a positive finite number, got {Sigma}.");
        }

        if (NoiseReuse < 0)
        {
            throw new ConfigException($"{path}.noiseReuse", $"must be ≥ 0, got {NoiseReuse}.");
        }

        ValidateNoise(path);

        if (!Enum.IsDefined(Shaping))
        {
            throw new ConfigException($"{path}.shaping", $"unknown shaping {Shaping}.");
        }

        if (GroupSize < 0 || (GroupSize > 0 && Population % GroupSize != 0))
        {
            throw new ConfigException($"{path}.groupSize", $"must be 0 or a divisor of the population ({Population}), got {GroupSize}.");
        }
    }

    /// <summary>Throws <see cref="ConfigException"/> naming <c>noise</c> or <c>noiseTable</c> under <paramref name="path"/> unless the noise settings fit the strategy.</summary>
    public void ValidateNoise(string path = "evolution")
    {
        if (NoiseTable < 0 || NoiseTable > GaussianNoiseTable.MaxOffsets)
        {
            throw new ConfigException($"{path}.noiseTable", $"must be 0 (no table) or a number of slice starts up to {GaussianNoiseTable.MaxOffsets}, got {NoiseTable}.");
        }

        if (NoiseTable > 0 && Strategy != StrategyKind.Eggroll)
        {
            throw new ConfigException($"{path}.noiseTable", $"a shared noise table is read by the eggroll strategy only (set 0 for {CamelCase(Strategy)}), got {NoiseTable}.");
        }

        if (!Enum.IsDefined(Noise))
        {
            throw new ConfigException($"{path}.noise", $"unknown distribution {Noise}; use gaussian, rademacher or gaussian16.");
        }

        if (Noise != NoiseDistribution.Gaussian && (Strategy != StrategyKind.Eggroll || NoiseTable > 0))
        {
            throw new ConfigException($"{path}.noise", $"{JsonNamingPolicy.CamelCase.ConvertName(Noise.ToString())} noise needs the eggroll strategy and no noise table, got strategy {CamelCase(Strategy)} and noiseTable {NoiseTable}.");
        }
    }

    private static string CamelCase(StrategyKind strategy) => JsonNamingPolicy.CamelCase.ConvertName(strategy.ToString());
}
