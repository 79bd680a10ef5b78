namespace Eggroll.Mujoco.Environments;

/// <summary>
/// HalfCheetah-v5 (Gymnasium): a planar two-legged cat runs forward. qpos = [x, z, torso angle, back thigh, shin,
/// foot, front thigh, shin, foot]; action: six joint torques in [−1, 1] (gears 120, 90, 60, 120, 60, 30).
/// Observation (17): qpos[1..] and qvel. Reward: forward velocity (Δx / dt) − 0.1·|a|². Never terminates.
/// Timestep 0.01, frame skip 5 (dt 0.05); 1000 steps; reset noise qpos U(±0.1), qvel 0.1·N(0, 1).
/// </summary>
public sealed class HalfCheetah : MujocoEnvironment
{
    /// <summary>Gymnasium's name.</summary>
    public const string Name = "HalfCheetah-v5";

    private const double ControlCost = 0.1;

    /// <summary>Creates the environment.</summary>
    public HalfCheetah()
        : base(MujocoModel.Load("HalfCheetah.xml"), frameSkip: 5, observationSize: 17, maxEpisodeSteps: 1000, new ResetNoise(0.1, GaussianVelocities: true))
    {
    }

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation) => LocomotionObservation.Write(Simulation, skippedPositions: 1, double.PositiveInfinity, observation);

    /// <inheritdoc/>
    protected override double ProgressCoordinate() => Simulation.Positions[0];

    /// <inheritdoc/>
    protected override double Reward(ReadOnlySpan<float> action, double forwardVelocity, out bool terminated)
    {
        terminated = false;
        return forwardVelocity - (ControlCost * SumOfSquares(action));
    }
}
