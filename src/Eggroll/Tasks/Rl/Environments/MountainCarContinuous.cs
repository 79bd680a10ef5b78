namespace Eggroll.Tasks.Rl.Environments;

/// <summary>
/// MountainCarContinuous-v0 (Gymnasium): the mountain car with a continuous force a ∈ [−1, 1]
/// accelerating by clip(a, ±1)·0.0015 (dynamics in <see cref="MountainCarBase"/>). Reward
/// −0.1·a² per step (a as given, before clipping), plus 100 on reaching position ≥ 0.45 with
/// velocity ≥ 0, which terminates; truncated at 999 steps. Solved at a mean return of 90.
/// </summary>
public sealed class MountainCarContinuous : MountainCarBase
{
    /// <summary>Gymnasium's name.</summary>
    public const string Name = "MountainCarContinuous-v0";

    private const double Power = 0.0015, GoalPosition = 0.45;

    /// <summary>Creates the environment.</summary>
    public MountainCarContinuous()
        : base(new BoxSpace([-1f], [1f]), maxEpisodeSteps: 999)
    {
    }

    /// <inheritdoc/>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        double a = action[0];
        Move(Math.Clamp(a, -1.0, 1.0) * Power);
        terminated = Position >= GoalPosition && Velocity >= 0;
        return (terminated ? 100.0 : 0.0) - (a * a * 0.1);
    }
}
