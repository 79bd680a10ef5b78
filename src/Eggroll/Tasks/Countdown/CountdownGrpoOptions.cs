using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tasks.Countdown;

/// <summary>
/// The "grpo" section of a Countdown run with <c>method = grpo</c>: every step samples <see cref="GroupSize"/> answers to
/// each of <see cref="Prompts"/> training problems, scores them with the verifier and takes <see cref="Iterations"/>
/// clipped policy-gradient steps (<see cref="RwkvGrpoLoss"/>) on that batch. The defaults are GRPO's usual ones
/// (clip 0.2, KL weight 0.04 to the base model, temperature 1, one step per batch) at a CPU's batch size.
/// </summary>
public sealed record CountdownGrpoOptions
{
    /// <summary>Training problems per step.</summary>
    public int Prompts { get; init; } = 4;

    /// <summary>Sampled answers per problem (G); advantages are relative to the group's mean and std.</summary>
    public int GroupSize { get; init; } = 8;

    /// <summary>Sampling temperature of the answers.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>PPO clip range ε.</summary>
    public double ClipEpsilon { get; init; } = 0.2;

    /// <summary>Weight β of the per-token KL penalty to the base model; 0 turns it off (and skips the reference model).</summary>
    public double KlCoefficient { get; init; } = 0.04;

    /// <summary>Optimiser steps on each sampled batch (μ); the ratio to the sampling policy and its clip matter from the second on.</summary>
    public int Iterations { get; init; } = 1;

    /// <summary>The gradient's global L2 norm is scaled down to this when larger.</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>The optimiser: Adam, learning rate 5e-4.</summary>
    public OptimizerConfig Optimizer { get; init; } = new() { LearningRate = 5e-4f };

    /// <summary>The loss settings these options give.</summary>
    public GrpoOptions Loss() => new() { ClipEpsilon = ClipEpsilon, KlCoefficient = KlCoefficient };

    /// <summary>Throws <see cref="ConfigException"/> naming the first field out of range.</summary>
    public void Validate(string prefix = "grpo.")
    {
        ConfigChecks.RequireSections(($"{prefix}optimizer", Optimizer));
        ConfigChecks.InRange(Prompts, 1, 4096, $"{prefix}prompts");
        ConfigChecks.InRange(GroupSize, 2, 4096, $"{prefix}groupSize");
        ConfigChecks.InRange(Iterations, 1, 1024, $"{prefix}iterations");
        if (!(Temperature > 0 && Temperature <= 100))
        {
            throw new ConfigException($"{prefix}temperature", $"must be in (0, 100] (GRPO samples its answers), got {Temperature}.");
        }

        if (!(MaxGradNorm > 0) || !double.IsFinite(MaxGradNorm))
        {
            throw new ConfigException($"{prefix}maxGradNorm", $"must be a positive finite number, got {MaxGradNorm}.");
        }

        if (!(ClipEpsilon > 0 && ClipEpsilon < 1))
        {
            throw new ConfigException($"{prefix}clipEpsilon", $"must be in (0, 1), got {ClipEpsilon}.");
        }

        if (!(KlCoefficient >= 0) || !double.IsFinite(KlCoefficient))
        {
            throw new ConfigException($"{prefix}klCoefficient", $"must be a finite number ≥ 0, got {KlCoefficient}.");
        }

        Optimizer.Validate($"{prefix}optimizer");
    }
}
