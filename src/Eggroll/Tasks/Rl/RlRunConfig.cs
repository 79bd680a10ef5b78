using Eggroll.Population.Strategies;
using Eggroll.Tasks.Rl.Ppo;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tasks.Rl;

/// <summary>Everything an <c>eggroll train rl</c> run needs; defaults per environment come from <see cref="RlDefaults"/>.</summary>
public sealed record RlRunConfig : IRunConfig
{
    /// <summary>The training method: EGGROLL/OpenES (default) or PPO.</summary>
    public RlMethod Method { get; init; } = RlMethod.Eggroll;

    /// <summary>The environment and the fitness.</summary>
    public RlEnvironmentConfig Env { get; init; } = new();

    /// <summary>The policy network (hidden widths, activation).</summary>
    public ModelConfig Model { get; init; } = new();

    /// <summary>Population and strategy.</summary>
    public EvolutionConfig Evolution { get; init; } = new();

    /// <summary>Optimiser.</summary>
    public OptimizerConfig Optimizer { get; init; } = new();

    /// <summary>PPO settings, used when <see cref="Method"/> is <see cref="RlMethod.Ppo"/>.</summary>
    public PpoConfig Ppo { get; init; } = new();

    /// <summary>Run length, seed, outputs.</summary>
    public TrainingConfig Training { get; init; } = new();

    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        ConfigChecks.RequireSections(("env", Env), ("model", Model), ("evolution", Evolution), ("optimizer", Optimizer), ("ppo", Ppo), ("training", Training));
        if (!Enum.IsDefined(Method))
        {
            throw new ConfigException("method", $"unknown method {Method}; use eggroll or ppo.");
        }


        Env.Validate();
        Model.Validate();
        Evolution.Validate();
        Optimizer.Validate();
        Ppo.Validate();
        Training.Validate();
    }
}
