namespace Eggroll.Rl.Environments;

/// <summary>
/// MountainCar-v0 (Moore 1990, as in Gymnasium): drive an under-powered car up the right hill.
/// State and observation [position, velocity]; actions 0 (push left), 1 (none), 2 (push right).
/// velocity ← clip(velocity + (action − 1)·0.001 − 0.0025·cos(3·position), ±0.07), position ←
/// clip(position + velocity, −1.2, 0.6), and the velocity is zeroed when the car sits on the left
/// wall moving left. Reward −1 per step; terminates at position ≥ 0.5 (velocity ≥ 0); truncated
/// at 200 steps. Initial position U(−0.6, −0.4), velocity 0. Solved at a mean return of −110.
/// </summary>
public sealed class MountainCar : EpisodicEnvironment
{
    /// <summary>Gymnasium's name.</summary>
    public const string Name = "MountainCar-v0";

    private const double Force = 0.001;

    private double position, velocity;

    /// <summary>Creates the environment.</summary>
    public MountainCar()
        : base(MountainCarPhysics.ObservationSpace(), new DiscreteSpace(3), maxEpisodeSteps: 200, stateSize: 2)
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
        double push = (((DiscreteSpace)ActionSpace).IndexOf(action[0]) - 1) * Force;
        (position, velocity) = MountainCarPhysics.Step(position, velocity, push);
        terminated = position >= 0.5 && velocity >= 0;
        return -1.0;
    }
}
