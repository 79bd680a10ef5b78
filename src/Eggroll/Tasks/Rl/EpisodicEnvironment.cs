namespace Eggroll.Tasks.Rl;

/// <summary>
/// Base of the built-in environments: counts steps, truncates at <see cref="MaxEpisodeSteps"/>
/// (Gymnasium's <c>TimeLimit</c> wrapper) and leaves the dynamics to the subclass. State is kept
/// in double precision, as Gymnasium does; observations are rounded to float.
/// </summary>
public abstract class EpisodicEnvironment : IEnvironment
{
    private bool started;

    /// <summary>Sets the spaces, the step limit and the state size.</summary>
    protected EpisodicEnvironment(BoxSpace observationSpace, Space actionSpace, int maxEpisodeSteps, int stateSize)
    {
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        MaxEpisodeSteps = maxEpisodeSteps;
        StateSize = stateSize;
    }

    /// <inheritdoc/>
    public BoxSpace ObservationSpace { get; }

    /// <inheritdoc/>
    public Space ActionSpace { get; }

    /// <inheritdoc/>
    public int MaxEpisodeSteps { get; }

    /// <inheritdoc/>
    public int StateSize { get; }

    /// <inheritdoc/>
    public int ElapsedSteps { get; private set; }

    /// <inheritdoc/>
    public void Reset(ulong seed, Span<float> observation)
    {
        SampleInitialState(seed);
        Begin(observation);
    }

    /// <inheritdoc/>
    public void SetState(ReadOnlySpan<double> state, Span<float> observation)
    {
        if (state.Length != StateSize)
        {
            throw new ArgumentException($"{GetType().Name} has a state of {StateSize} values, got {state.Length}.", nameof(state));
        }

        LoadState(state);
        Begin(observation);
    }

    /// <inheritdoc/>
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!started)
        {
            throw new InvalidOperationException("Call Reset or SetState before Step.");
        }

        if (action.Length != ActionSpace.Size)
        {
            throw new ArgumentException($"An action of {GetType().Name} has {ActionSpace.Size} values, got {action.Length}.", nameof(action));
        }

        double reward = Advance(action, out bool terminated);
        ElapsedSteps++;
        Observe(observation);
        return new StepResult(reward, terminated, ElapsedSteps >= MaxEpisodeSteps);
    }

    /// <summary>Draws the initial state from <paramref name="seed"/> (see <see cref="EpisodeRandom"/>).</summary>
    protected abstract void SampleInitialState(ulong seed);

    /// <summary>Sets the state to <paramref name="state"/> (length <see cref="StateSize"/>).</summary>
    protected abstract void LoadState(ReadOnlySpan<double> state);

    /// <summary>Writes the observation of the current state.</summary>
    protected abstract void Observe(Span<float> observation);

    /// <summary>Applies one action to the state; returns the reward and whether the new state is terminal.</summary>
    protected abstract double Advance(ReadOnlySpan<float> action, out bool terminated);

    private void Begin(Span<float> observation)
    {
        if (observation.Length != ObservationSpace.Size)
        {
            throw new ArgumentException($"An observation of {GetType().Name} has {ObservationSpace.Size} values, got a span of {observation.Length}.", nameof(observation));
        }

        started = true;
        ElapsedSteps = 0;
        Observe(observation);
    }
}
