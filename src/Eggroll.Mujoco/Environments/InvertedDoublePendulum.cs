namespace Eggroll.Mujoco.Environments;

/// <summary>
/// InvertedDoublePendulum-v5 (Gymnasium): balance two poles chained on a cart. qpos = [cart x, θ1, θ2 (relative to
/// pole 1)]; action: the cart force in [−1, 1] (gear 500). Observation (9): x, sin θ1, sin θ2, cos θ1, cos θ2,
/// clip(qvel, ±10) and clip(qfrc_constraint[0], ±10). With the tip site at (x_t, y_t) (world x and z):
/// reward = 10·[not terminated] − (0.01·x_t² + (y_t − 2)²) − (10⁻³·θ̇1² + 5·10⁻³·θ̇2²); terminated when
/// y_t ≤ 1. Timestep 0.01, frame skip 5; 1000 steps; reset noise qpos U(±0.1), qvel 0.1·N(0, 1).
/// </summary>
public sealed class InvertedDoublePendulum : MujocoEnvironment
{
    /// <summary>Gymnasium's name.</summary>
    public const string Name = "InvertedDoublePendulum-v5";

    private const double HealthyReward = 10, ClipValue = 10, TerminalTipHeight = 1;
    private readonly int tip;

    /// <summary>Creates the environment.</summary>
    public InvertedDoublePendulum()
        : base(MujocoModel.Load("InvertedDoublePendulum.xml"), frameSkip: 5, observationSize: 9, maxEpisodeSteps: 1000, new ResetNoise(0.1, GaussianVelocities: true)) =>
        tip = Simulation.Model.SiteId("tip");

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation)
    {
        var q = Simulation.Positions;
        var v = Simulation.Velocities;
        observation[0] = (float)q[0];
        observation[1] = (float)Math.Sin(q[1]);
        observation[2] = (float)Math.Sin(q[2]);
        observation[3] = (float)Math.Cos(q[1]);
        observation[4] = (float)Math.Cos(q[2]);
        for (int i = 0; i < 3; i++)
        {
            observation[5 + i] = (float)Math.Clamp(v[i], -ClipValue, ClipValue);
        }

        observation[8] = (float)Math.Clamp(Simulation.ConstraintForces[0], -ClipValue, ClipValue);
    }

    /// <inheritdoc/>
    protected override double Reward(ReadOnlySpan<float> action, double forwardVelocity, out bool terminated)
    {
        var site = Simulation.SitePositions.Slice(3 * tip, 3);
        double x = site[0], y = site[2];
        var v = Simulation.Velocities;
        terminated = y <= TerminalTipHeight;
        double distancePenalty = (0.01 * x * x) + ((y - 2) * (y - 2));
        double velocityPenalty = (1e-3 * v[1] * v[1]) + (5e-3 * v[2] * v[2]);
        return (terminated ? 0 : HealthyReward) - distancePenalty - velocityPenalty;
    }
}
