namespace Eggroll.Mujoco.Environments;

/// <summary>
/// Ant-v5 (Gymnasium): a four-legged robot on a free joint walks forward. qpos = [torso x, y, z, quaternion (4),
/// hip and ankle of legs 1–4]; action: eight joint torques in [−1, 1] (gear 150), ordered hip 4, ankle 4, hip 1,
/// ankle 1, hip 2, ankle 2, hip 3, ankle 3. Observation (105): qpos[2..] (13), qvel (14) and the contact forces
/// cfrc_ext of the 13 bodies other than the world, clipped to [−1, 1] (78). Reward: the torso's forward velocity
/// (Δx of its frame / dt) + 1 while healthy − 0.5·|a|² − 5·10⁻⁴·Σ clip(cfrc_ext, ±1)². Healthy: qpos and qvel
/// finite and 0.2 ≤ z ≤ 1; terminated when unhealthy. Timestep 0.01, frame skip 5 (dt 0.05); 1000 steps; reset
/// noise qpos U(±0.1), qvel 0.1·N(0, 1).
/// </summary>
public sealed class Ant : MujocoEnvironment
{
    /// <summary>Gymnasium's name.</summary>
    public const string Name = "Ant-v5";

    private const double HealthyReward = 1, ControlCost = 0.5, ContactCost = 5e-4, ContactClip = 1, MinHeight = 0.2, MaxHeight = 1;
    private readonly int torso;

    /// <summary>Creates the environment.</summary>
    public Ant()
        : base(MujocoModel.Load("Ant.xml"), frameSkip: 5, observationSize: 105, maxEpisodeSteps: 1000, new ResetNoise(0.1, GaussianVelocities: true)) =>
        torso = Simulation.Model.BodyId("torso");

    /// <summary>Gymnasium's health test of the current state.</summary>
    public bool IsHealthy
    {
        get
        {
            foreach (double value in Simulation.Positions)
            {
                if (!double.IsFinite(value))
                {
                    return false;
                }
            }

            foreach (double value in Simulation.Velocities)
            {
                if (!double.IsFinite(value))
                {
                    return false;
                }
            }

            double z = Simulation.Positions[2];
            return z >= MinHeight && z <= MaxHeight;
        }
    }

    /// <inheritdoc/>
    protected override bool UsesContactForces => true;

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation)
    {
        int written = LocomotionObservation.Write(Simulation, skippedPositions: 2, double.PositiveInfinity, observation);
        var forces = Simulation.ExternalForces[6..];
        for (int i = 0; i < forces.Length; i++)
        {
            observation[written + i] = (float)Math.Clamp(forces[i], -ContactClip, ContactClip);
        }
    }

    /// <inheritdoc/>
    protected override double ProgressCoordinate() => Simulation.BodyPositions[3 * torso];

    /// <inheritdoc/>
    protected override double Reward(ReadOnlySpan<float> action, double forwardVelocity, out bool terminated)
    {
        double contact = 0;
        foreach (double force in Simulation.ExternalForces)
        {
            double clipped = Math.Clamp(force, -ContactClip, ContactClip);
            contact += clipped * clipped;
        }

        bool healthy = IsHealthy;
        terminated = !healthy;
        return forwardVelocity + (healthy ? HealthyReward : 0) - (ControlCost * SumOfSquares(action)) - (ContactCost * contact);
    }
}
