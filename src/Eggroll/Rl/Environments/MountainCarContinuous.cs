namespace Eggroll.Rl.Environments;

/// <summary>
/// MountainCarContinuous-v0 (Gymnasium): the mountain car with a continuous force a ∈ [−1, 1].
/// State and observation [position, velocity]; velocity ← clip(velocity + clip(a, ±1)·0.0015 −
/// 0.0025·cos(3·position), ±0.07), then position as in MountainCar-v0. Reward −0.1·a² per step
/// (a as given, before clipping), plus 100 on reaching position ≥ 0.45 with velocity ≥ 0, which
/// terminates; truncated at 999 steps. Initial position U(−0.6, −0.4), velocity 0. Solved at a
/// mean return of 90.
/// </summary>
public sealed class MountainCarContinuous : EpisodicEnvironment
{
    /// <summary>Gymnasium's name.</summary>
    public const string Name = "MountainCarContinuous-v0";

    private const double Power = 0.0015, GoalPosition = 0.45;

    private double position, velocity;

    /// <summary>Creates the environment.</summary>
    public MountainCarContinuous()
        : base(MountainCarPhysics.ObservationSpace(), new BoxSpace([-1f], [1f]), maxEpisodeSteps: 999, stateSize: 2)
    {
    }

    /// <inheritdoc/>
    protected override void SampleInitialState(ulong seed) => (position, velocity) = MountainCarPhysics.InitialState(seed);

    /// <summary>State layout [position, velocity].</summary>
    protected override void LoadState(ReadOnlySpan<double> state) => (position, velocity) = (state[0], state[1]);

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation)
    {
        observation[0] = (float)position;
        observation[1] = (float)velocity;
    }

    /// <inheritdoc/>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        double a = action[0];
        (position, velocity) = MountainCarPhysics.Step(position, velocity, Math.Clamp(a, -1.0, 1.0) * Power);
        terminated = position >= GoalPosition && velocity >= 0;
        return (terminated ? 100.0 : 0.0) - (a * a * 0.1);
    }
}
