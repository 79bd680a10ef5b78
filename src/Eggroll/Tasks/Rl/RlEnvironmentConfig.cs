using Eggroll.Training;

namespace Eggroll.Tasks.Rl;

/// <summary>The environment of an RL run and how members are scored on it.</summary>
public sealed record RlEnvironmentConfig
{
    /// <summary>Gymnasium id of a built-in environment, e.g. "Pendulum-v1".</summary>
    public string Name { get; init; } = "CartPole-v1";

    /// <summary>Episodes per member per epoch (k); the fitness is their mean return.</summary>
    public int EpisodesPerMember { get; init; } = 1;

    /// <summary>Normalise observations with running statistics of the population's rollouts (saved in checkpoints).</summary>
    public bool NormalizeObservations { get; init; }

    /// <summary>
    /// Where the environment's observations carry a valid-action mask (Game2048, Knapsack), choose only valid actions:
    /// the evolved policy's argmax and PPO's categorical range over them. No effect on other environments.
    /// </summary>
    public bool MaskActions { get; init; } = true;

    /// <summary>How a continuous policy's outputs become actions: tanh (squashed into the bounds) or clip.</summary>
    public ActionSquash Squash { get; init; } = ActionSquash.Tanh;

    /// <summary>Episodes of the final evaluation (and the default of <c>eval rl</c>).</summary>
    public int EvalEpisodes { get; init; } = 100;

    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (EnvironmentRegistry.Find(Name) is null)
        {
            throw new ConfigException("env.name", $"unknown environment '{Name}'; use one of {EnvironmentRegistry.Names}.");
        }

        ConfigChecks.InRange(EpisodesPerMember, 1, 1024, "env.episodesPerMember");
        ConfigChecks.InRange(EvalEpisodes, 1, 100_000, "env.evalEpisodes");
        if (!Enum.IsDefined(Squash))
        {
            throw new ConfigException("env.squash", $"unknown squash {Squash}; use tanh or clip.");
        }
    }
}
