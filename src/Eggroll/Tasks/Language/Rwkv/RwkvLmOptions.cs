using Eggroll.Models.Rwkv;
using Eggroll.Noise;
using Eggroll.Population.Strategies;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>
/// The "rwkv" section of a language-model run with <c>modelKind = rwkv7</c>: the shape of a byte-level RWKV-7
/// model (adapter widths follow from the width) and its float EGGROLL settings. Population, windows, seed and
/// noise reuse come from the run's "training" section, shared with the EGG model.
/// </summary>
public sealed record RwkvLmOptions
{
    /// <summary>Vocabulary of a byte-level model.</summary>
    public const int ByteVocabulary = 256;

    /// <summary>Blocks L.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Width D, a multiple of <see cref="HeadSize"/>.</summary>
    public int Width { get; init; } = 64;

    /// <summary>Head size N.</summary>
    public int HeadSize { get; init; } = 16;

    /// <summary>Rank r of each member's perturbation.</summary>
    public int Rank { get; init; } = 1;

    /// <summary>Noise scale σ.</summary>
    public float Sigma { get; init; } = 0.02f;

    /// <summary>Distribution of the noise: gaussian (default), rademacher (docs/algorithm.md §1.5) or gaussian16 (§1.6).</summary>
    public NoiseDistribution Noise { get; init; }

    /// <summary>Slice starts of a shared Gaussian noise table, 0 for none (docs/algorithm.md §1.4).</summary>
    public int NoiseTable { get; init; }

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; init; } = 0.003f;

    /// <summary>What evolves besides the block matrices; from scratch the embedding and head must learn too.</summary>
    public RwkvEvolution Evolve { get; init; } = new(Vectors: false, Embedding: true, Head: true);

    /// <summary>The model shape: adapters D/8 wide (gate D/4, at least 4), channel mix 4D, 256 byte tokens.</summary>
    public RwkvConfig ModelConfig() => new(
        Layers,
        Width,
        HeadSize,
        Math.Max(4, Width / 8),
        Math.Max(4, Width / 8),
        Layers > 1 ? Math.Max(4, Width / 8) : 0,
        Math.Max(4, Width / 4),
        4 * Width,
        ByteVocabulary);

    /// <summary>The trainer options for <paramref name="training"/>'s seed, population and noise reuse.</summary>
    public TrainerOptions TrainerOptions(EggTrainingOptions training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return new TrainerOptions
        {
            Seed = training.Seed,
            Evolution = new EvolutionConfig { Population = training.Population, Rank = Rank, Sigma = Sigma, NoiseReuse = training.NoiseReuse, Noise = Noise, NoiseTable = NoiseTable },
            Optimizer = new OptimizerConfig { LearningRate = LearningRate },
        };
    }

    /// <summary>Throws <see cref="ConfigException"/> naming the field when a value is out of range.</summary>
    public void Validate(string prefix = "rwkv.")
    {
        ConfigChecks.RequireSections(($"{prefix}evolve", Evolve));
        if (Width is < 1 or > 1 << 14)
        {
            throw new ConfigException($"{prefix}width", $"must be between 1 and {1 << 14}, got {Width}.");
        }

        ModelConfig().Validate(prefix);
        if (Rank is < 1 or > 64)
        {
            throw new ConfigException($"{prefix}rank", $"must be between 1 and 64, got {Rank}.");
        }

        if (Sigma is not (> 0 and < 1e6f))
        {
            throw new ConfigException($"{prefix}sigma", $"must be > 0, got {Sigma}.");
        }

        if (LearningRate is not (> 0 and < 1e6f))
        {
            throw new ConfigException($"{prefix}learningRate", $"must be > 0, got {LearningRate}.");
        }

        new EvolutionConfig { Noise = Noise, NoiseTable = NoiseTable }.ValidateNoise(prefix.TrimEnd('.'));
    }
}
