namespace Eggroll.Mujoco.Environments;

/// <summary>
/// Hopper-v5 (Gymnasium): a planar one-legged robot hops forward. qpos = [x, z, torso angle, thigh, leg, foot];
/// action: three joint torques in [−1, 1] (gear 200). Observation (11): qpos[1..] and clip(qvel, ±10). Reward:
/// forward velocity (Δx / dt) + 1 while healthy − 10⁻³·|a|². Healthy: every value of qpos[2..] and qvel in
/// (−100, 100), z &gt; 0.7 and the torso angle in (−0.2, 0.2); terminated when unhealthy. Timestep 0.002, frame
/// skip 4 (dt 0.008); 1000 steps; reset noise U(±0.005) on qpos and qvel.
/// </summary>
public sealed class Hopper : MujocoEnvironment
{
    /// <summary>Gymnasium's name.</summary>
    public const string Name = "Hopper-v5";

    private const double HealthyReward = 1, ControlCost = 1e-3, StateLimit = 100, MinHeight = 0.7, MaxAngle = 0.2, ClipValue = 10;

    /// <summary>Creates the environment.</summary>
    public Hopper()
        : base(MujocoModel.Load("Hopper.xml"), frameSkip: 4, observationSize: 11, maxEpisodeSteps: 1000, new ResetNoise(5e-3, GaussianVelocities: false))
    {
    }

    /// <summary>Gymnasium's health test of the current state.</summary>
    public bool IsHealthy
    {
        get
        {
            var q = Simulation.Positions;
            foreach (double value in q[2..])
            {
                if (!(Math.Abs(value) < StateLimit))
                {
                    return false;
                }
            }

            foreach (double value in Simulation.Velocities)
            {
                if (!(Math.Abs(value) < StateLimit))
                {
                    return false;
                }
            }

            return q[1] > MinHeight && Math.Abs(q[2]) < MaxAngle;
        }
    }

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation) => LocomotionObservation.Write(Simulation, skippedPositions: 1, ClipValue, observation);

    /// <inheritdoc/>
    protected override double ProgressCoordinate() => Simulation.Positions[0];

    /// <inheritdoc/>
    protected override double Reward(ReadOnlySpan<float> action, double forwardVelocity, out bool terminated)
    {
        bool healthy = IsHealthy;
        terminated = !healthy;
        return forwardVelocity + (healthy ? HealthyReward : 0) - (ControlCost * SumOfSquares(action));
    }
}
