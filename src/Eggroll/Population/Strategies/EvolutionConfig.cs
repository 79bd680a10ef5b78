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

        if (!Enum.IsDefined(Shaping))
        {
            throw new ConfigException($"{path}.shaping", $"unknown shaping {Shaping}.");
        }

        if (GroupSize < 0 || (GroupSize > 0 && Population % GroupSize != 0))
        {
            throw new ConfigException($"{path}.groupSize", $"must be 0 or a divisor of the population ({Population}), got {GroupSize}.");
        }
    }
}
