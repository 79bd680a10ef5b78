using Eggroll.Noise;
using Eggroll.Numerics.Int8;
using Eggroll.Population.Strategies;

namespace Eggroll.Tasks.Language;

/// <summary>Options of integer EGG pre-training; defaults are those of <c>eggroll train lm</c>.</summary>
public sealed record EggTrainingOptions
{
    /// <summary>Run seed: the noise table, the initial weights and the training sequences derive from it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Population size N (even): N/2 antithetic pairs.</summary>
    public int Population { get; init; } = 2048;

    /// <summary>Training sequences per pair; both members of a pair see the same ones, different pairs see different ones.</summary>
    public int SequencesPerPair { get; init; } = 1;

    /// <summary>Bytes predicted per training sequence (state starts at zero and is carried across them).</summary>
    public int SequenceLength { get; init; } = 64;

    /// <summary>
    /// Noise reuse k: epoch e uses the noise of noise epoch e / k (see <see cref="NoiseEpochs"/>); 0 keeps the
    /// same noise for the whole run. Default 1: fresh noise every epoch. The training sequences change every epoch regardless.
    /// </summary>
    public int NoiseReuse { get; init; } = 1;

    /// <summary>The integer strategy's options.</summary>
    public Int8UpdateOptions Update { get; init; } = new();

    /// <summary>The noise epoch used in <paramref name="epoch"/>.</summary>
    public uint NoiseEpochOf(long epoch) => NoiseEpochs.Of(epoch, NoiseReuse);

    /// <summary>Throws <see cref="ConfigException"/> naming the field when a value is out of range.</summary>
    public void Validate()
    {
        Check(Population is >= 2 and <= 1 << 20 && Population % 2 == 0, "training.population", $"must be an even number between 2 and {1 << 20} (antithetic pairs), got {Population}");
        Check(SequencesPerPair is >= 1 and <= 1024, "training.sequencesPerPair", $"must be between 1 and 1024, got {SequencesPerPair}");
        Check(SequenceLength is >= 1 and <= 1 << 16, "training.sequenceLength", $"must be between 1 and 65536, got {SequenceLength}");
        Check(NoiseReuse >= 0, "training.noiseReuse", $"must be ≥ 0 (0 = the same noise every epoch), got {NoiseReuse}");
        Check(Update.Rank is >= 1 and <= 64, "training.update.rank", $"must be between 1 and 64, got {Update.Rank}");
        Check(Update.SigmaShift is >= 0 and <= 24, "training.update.sigmaShift", $"must be between 0 and 24, got {Update.SigmaShift}");
        Check(Update.Alpha is > 0 and <= 1, "training.update.alpha", $"must be in (0, 1], got {Update.Alpha}");
        Check(Update.AlphaDecay is >= 0 and < 1e6, "training.update.alphaDecay", $"must be ≥ 0, got {Update.AlphaDecay}");
        Check((long)Population / 2 * Update.Rank <= Int8Gemm.MaxColumns, "training.population", $"× training.update.rank / 2 must be at most {Int8Gemm.MaxColumns} (int32 sums of the update), got {Population} × {Update.Rank}");
    }

    private static void Check(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ConfigException(field, message + ".");
        }
    }
}
