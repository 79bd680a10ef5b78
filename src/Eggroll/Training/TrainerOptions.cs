using Eggroll.Population.Strategies;
using Eggroll.Training.Optimizers;

namespace Eggroll.Training;

/// <summary>Everything that determines a training run's trajectory besides the model and the objective.</summary>
public sealed record TrainerOptions
{
    /// <summary>The run seed: keys all noise and every objective's sampling.</summary>
    public ulong Seed { get; init; }

    /// <summary>Population and strategy settings.</summary>
    public EvolutionConfig Evolution { get; init; } = new();

    /// <summary>Optimiser settings.</summary>
    public OptimizerConfig Optimizer { get; init; } = new();
}
