using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>
/// The "backprop" section of a language-model run with <c>method = backprop</c>: an RWKV-7 model trained by AdamW on
/// the gradient of the mean next-byte cross-entropy over a batch of windows, each of <c>training.sequenceLength</c>
/// predictions from the zero state (truncated backprop through time), with global-norm gradient clipping.
/// </summary>
public sealed record RwkvBackpropOptions
{
    /// <summary>Windows per optimiser step (one step per epoch).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The gradient's global L2 norm is scaled down to this when larger.</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>The optimiser: AdamW, learning rate 2e-3, β₂ 0.99, decoupled weight decay 0.01 on matrices (vectors are not decayed).</summary>
    public OptimizerConfig Optimizer { get; init; } = new() { Kind = OptimizerKind.AdamW, LearningRate = 2e-3f, Beta2 = 0.99f, WeightDecay = 0.01f };

    /// <summary>Throws <see cref="ConfigException"/> naming the field when a value is out of range.</summary>
    public void Validate(string prefix = "backprop.")
    {
        ConfigChecks.RequireSections(($"{prefix}optimizer", Optimizer));
        if (BatchSize is < 1 or > 1 << 16)
        {
            throw new ConfigException($"{prefix}batchSize", $"must be between 1 and {1 << 16}, got {BatchSize}.");
        }

        if (!(MaxGradNorm > 0) || !double.IsFinite(MaxGradNorm))
        {
            throw new ConfigException($"{prefix}maxGradNorm", $"must be a positive finite number, got {MaxGradNorm}.");
        }

        Optimizer.Validate($"{prefix}optimizer");
    }
}
