namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>Settings of the GRPO objective (<see cref="RwkvGrpoLoss"/>).</summary>
public sealed record GrpoOptions
{
    /// <summary>PPO clip range ε: the ratio is clipped to [1 − ε, 1 + ε].</summary>
    public double ClipEpsilon { get; init; } = 0.2;

    /// <summary>Weight β of the per-token KL penalty to the reference model; 0 (the default) turns it off.</summary>
    public double KlCoefficient { get; init; }

    /// <summary>Added to the group's reward standard deviation before dividing, so equal rewards give zero advantages.</summary>
    public double AdvantageEpsilon { get; init; } = 1e-4;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (!(ClipEpsilon > 0 && ClipEpsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipEpsilon), ClipEpsilon, "The clip range must be in (0, 1).");
        }

        if (!(KlCoefficient >= 0) || !double.IsFinite(KlCoefficient))
        {
            throw new ArgumentOutOfRangeException(nameof(KlCoefficient), KlCoefficient, "The KL coefficient must be a finite number ≥ 0.");
        }

        if (!(AdvantageEpsilon > 0) || !double.IsFinite(AdvantageEpsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(AdvantageEpsilon), AdvantageEpsilon, "The advantage epsilon must be a positive finite number.");
        }
    }
}
