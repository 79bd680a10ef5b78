namespace Eggroll.Training.Optimizers;

/// <summary>Optimiser settings. The optimiser always ascends the fitness.</summary>
public sealed record OptimizerConfig
{
    /// <summary>The update rule; Adam by default.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;

    /// <summary>Learning rate &gt; 0, in the units of <see cref="Convention"/>.</summary>
    public float LearningRate { get; init; } = 0.01f;

    /// <summary>Units of the learning rate.</summary>
    public LearningRateConvention Convention { get; init; } = LearningRateConvention.Textbook;

    /// <summary>SGD heavy-ball momentum in [0, 1); 0 is plain SGD.</summary>
    public float Momentum { get; init; }

    /// <summary>Adam first-moment decay in [0, 1).</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam second-moment decay in [0, 1).</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Adam denominator offset &gt; 0.</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>AdamW decoupled weight decay ≥ 0 (per unit learning rate).</summary>
    public float WeightDecay { get; init; }

    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field, prefixed by <paramref name="path"/>.</summary>
    public void Validate(string path = "optimizer")
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new ConfigException($"{path}.kind", $"unknown optimiser {Kind}; use sgd, adam or adamW.");
        }

        if (!Enum.IsDefined(Convention))
        {
            throw new ConfigException($"{path}.convention", $"unknown convention {Convention}; use textbook or authors.");
        }

        RequirePositive(LearningRate, $"{path}.learningRate");
        RequirePositive(Epsilon, $"{path}.epsilon");
        RequireUnitInterval(Momentum, $"{path}.momentum");
        RequireUnitInterval(Beta1, $"{path}.beta1");
        RequireUnitInterval(Beta2, $"{path}.beta2");
        if (!(WeightDecay >= 0f) || !float.IsFinite(WeightDecay))
        {
            throw new ConfigException($"{path}.weightDecay", $"must be a finite number ≥ 0, got {WeightDecay}.");
        }
    }

    private static void RequirePositive(float value, string field)
    {
        if (!(value > 0f) || !float.IsFinite(value))
        {
            throw new ConfigException(field, $"must be a positive finite number, got {value}.");
        }
    }

    private static void RequireUnitInterval(float value, string field)
    {
        if (!(value >= 0f && value < 1f))
        {
            throw new ConfigException(field, $"must be in [0, 1), got {value}.");
        }
    }
}
