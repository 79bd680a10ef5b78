namespace Eggroll.Tasks.Rl.Environments;

/// <summary>
/// MountainCar-v0 (Moore 1990, as in Gymnasium): drive an under-powered car up the right hill.
/// Actions 0 (push left), 1 (none), 2 (push right) accelerate by (action − 1)·0.001 (dynamics in
/// <see cref="MountainCarBase"/>). Reward −1 per step; terminates at position ≥ 0.5 with
/// velocity ≥ 0; truncated at 200 steps. Solved at a mean return of −110.
/// </summary>
public sealed class MountainCar : MountainCarBase
{
    /// <summary>Gymnasium's name.</summary>
    public const string Name = "MountainCar-v0";

    private const double Force = 0.001;

    /// <summary>Creates the environment.</summary>
    public MountainCar()
        : base(new DiscreteSpace(3), maxEpisodeSteps: 200)
    {
    }

    /// <inheritdoc/>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        Move((((DiscreteSpace)ActionSpace).IndexOf(action[0]) - 1) * Force);
        terminated = Position >= 0.5 && Velocity >= 0;
        return -1.0;
    }
}
