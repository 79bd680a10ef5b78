namespace Eggroll.Tasks.Rl;

/// <summary>
/// One episodic environment with Gymnasium's interface: <see cref="Reset"/> starts an episode
/// and writes the first observation; <see cref="Step"/> applies an action and returns the reward
/// and whether the episode terminated or was truncated by the time limit. Actions are rows of
/// floats: a discrete action is one float holding the index.
/// </summary>
public interface IEnvironment
{
    /// <summary>The observations the environment produces (a <see cref="BoxSpace"/>).</summary>
    BoxSpace ObservationSpace { get; }

    /// <summary>The actions it accepts: a <see cref="DiscreteSpace"/> or a <see cref="BoxSpace"/>.</summary>
    Space ActionSpace { get; }

    /// <summary>Steps after which an episode is truncated (Gymnasium's <c>max_episode_steps</c>).</summary>
    int MaxEpisodeSteps { get; }

    /// <summary>Number of values of the internal state accepted by <see cref="SetState"/>.</summary>
    int StateSize { get; }

    /// <summary>Steps taken in the current episode.</summary>
    int ElapsedSteps { get; }

    /// <summary>Starts an episode from an initial state drawn deterministically from <paramref name="seed"/>.</summary>
    void Reset(ulong seed, Span<float> observation);

    /// <summary>Starts an episode from the given internal state (layout documented by each environment), e.g. to compare dynamics with another implementation.</summary>
    void SetState(ReadOnlySpan<double> state, Span<float> observation);

    /// <summary>Applies <paramref name="action"/> and writes the next observation.</summary>
    StepResult Step(ReadOnlySpan<float> action, Span<float> observation);
}
