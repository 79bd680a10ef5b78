namespace Eggroll.Tasks.Rl.Environments;

/// <summary>
/// Pendulum-v1 (Gymnasium): swing a pendulum up and hold it. State [θ, θ̇] (θ = 0 upright);
/// observation [cos θ, sin θ, θ̇]; action: torque u ∈ [−2, 2] (clipped). g = 10, m = l = 1,
/// dt = 0.05: θ̇ ← clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, ±8), then θ ← θ + θ̇·dt. Reward
/// −(θ_n² + 0.1·θ̇² + 0.001·u²) with θ_n = θ normalised to [−π, π), computed on the state before
/// the step. Never terminates; truncated at 200 steps. Initial state θ ~ U(−π, π), θ̇ ~ U(−1, 1).
/// Gymnasium gives no solved threshold; −200 is the customary target (best policies reach about −150).
/// </summary>
public sealed class Pendulum : EpisodicEnvironment
{
    /// <summary>Gymnasium's name.</summary>
    public const string Name = "Pendulum-v1";

    private const double MaxSpeed = 8, MaxTorque = 2, Dt = 0.05, G = 10.0, Mass = 1.0, Length = 1.0;

    private double theta, thetaDot;

    /// <summary>Creates the environment.</summary>
    public Pendulum()
        : base(new BoxSpace([-1f, -1f, -(float)MaxSpeed], [1f, 1f, (float)MaxSpeed]), new BoxSpace([-(float)MaxTorque], [(float)MaxTorque]), maxEpisodeSteps: 200, stateSize: 2)
    {
    }

    /// <summary>Maps an angle to [−π, π) the way Gymnasium does, ((x + π) mod 2π) − π with a non-negative modulus.</summary>
    public static double NormalizeAngle(double angle)
    {
        double r = (angle + Math.PI) % (2 * Math.PI);
        if (r < 0)
        {
            r += 2 * Math.PI;
        }

        return r - Math.PI;
    }

    /// <inheritdoc/>
    protected override void SampleInitialState(ulong seed)
    {
        theta = EpisodeRandom.Uniform(seed, 0, -Math.PI, Math.PI);
        thetaDot = EpisodeRandom.Uniform(seed, 1, -1, 1);
    }

    /// <summary>State layout [θ, θ̇].</summary>
    protected override void LoadState(ReadOnlySpan<double> state) => (theta, thetaDot) = (state[0], state[1]);

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(theta);
        observation[1] = (float)Math.Sin(theta);
        observation[2] = (float)thetaDot;
    }

    /// <inheritdoc/>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        double u = Math.Clamp((double)action[0], -MaxTorque, MaxTorque);
        double thetaN = NormalizeAngle(theta);
        double cost = (thetaN * thetaN) + (0.1 * thetaDot * thetaDot) + (0.001 * u * u);
        double newThetaDot = thetaDot + ((((3 * G) / (2 * Length) * Math.Sin(theta)) + (3.0 / (Mass * Length * Length) * u)) * Dt);
        thetaDot = Math.Clamp(newThetaDot, -MaxSpeed, MaxSpeed);
        theta += thetaDot * Dt;
        terminated = false;
        return -cost;
    }
}
