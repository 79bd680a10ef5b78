using Eggroll.Population.Strategies;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tasks.Supervised;

/// <summary>Everything a supervised <c>eggroll train</c> run needs, as read from a JSON file.</summary>
public sealed record SupervisedRunConfig : IRunConfig
{
    /// <summary>The task and its data.</summary>
    public TaskConfig Task { get; init; } = new();

    /// <summary>The model architecture.</summary>
    public ModelConfig Model { get; init; } = new();

    /// <summary>Population and strategy.</summary>
    public EvolutionConfig Evolution { get; init; } = new() { Population = 256, Sigma = 0.05f };

    /// <summary>Optimiser.</summary>
    public OptimizerConfig Optimizer { get; init; } = new() { Kind = OptimizerKind.Adam, LearningRate = 0.01f };

    /// <summary>Run length, seed, outputs.</summary>
    public TrainingConfig Training { get; init; } = new();

    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        ConfigChecks.RequireSections(("task", Task), ("model", Model), ("evolution", Evolution), ("optimizer", Optimizer), ("training", Training));

        Task.Validate();
        Model.Validate();
        Evolution.Validate();
        Optimizer.Validate();
        Training.Validate();
    }
}
