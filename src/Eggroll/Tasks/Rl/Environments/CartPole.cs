namespace Eggroll.Tasks.Rl.Environments;

/// <summary>
/// CartPole-v1 (Barto, Sutton &amp; Anderson 1983, as in Gymnasium): push a cart left (action 0)
/// or right (1) with force 10 N to keep a pole upright. State and observation
/// [x, ẋ, θ, θ̇]; Euler integration with τ = 0.02 s; gravity 9.8, cart mass 1.0, pole mass 0.1,
/// pole half-length 0.5. Reward +1 for every step, the terminating one included. Terminates
/// when |x| &gt; 2.4 or |θ| &gt; 12° (2π·12/360 rad); truncated at 500 steps. Initial state: each
/// component U(−0.05, 0.05). Solved at a mean return of 475.
/// </summary>
public sealed class CartPole : EpisodicEnvironment
{
    /// <summary>Gymnasium's name.</summary>
    public const string Name = "CartPole-v1";

    private const double Gravity = 9.8, CartMass = 1.0, PoleMass = 0.1, TotalMass = CartMass + PoleMass;
    private const double HalfLength = 0.5, PoleMassLength = PoleMass * HalfLength, ForceMagnitude = 10.0, Tau = 0.02;
    private const double ThetaThreshold = 12 * 2 * Math.PI / 360, XThreshold = 2.4;

    private double x, xDot, theta, thetaDot;
    private bool terminatedBefore;

    /// <summary>Creates the environment.</summary>
    public CartPole()
        : base(
            new BoxSpace([-(float)(XThreshold * 2), -float.MaxValue, -(float)(ThetaThreshold * 2), -float.MaxValue], [(float)(XThreshold * 2), float.MaxValue, (float)(ThetaThreshold * 2), float.MaxValue]),
            new DiscreteSpace(2),
            maxEpisodeSteps: 500,
            stateSize: 4)
    {
    }

    /// <inheritdoc/>
    protected override void SampleInitialState(ulong seed) =>
        Load(EpisodeRandom.Uniform(seed, 0, -0.05, 0.05), EpisodeRandom.Uniform(seed, 1, -0.05, 0.05), EpisodeRandom.Uniform(seed, 2, -0.05, 0.05), EpisodeRandom.Uniform(seed, 3, -0.05, 0.05));

    /// <summary>State layout [x, ẋ, θ, θ̇].</summary>
    protected override void LoadState(ReadOnlySpan<double> state) => Load(state[0], state[1], state[2], state[3]);

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation)
    {
        observation[0] = (float)x;
        observation[1] = (float)xDot;
        observation[2] = (float)theta;
        observation[3] = (float)thetaDot;
    }

    /// <summary>Reward 1 (0 for steps taken after the episode already terminated, as Gymnasium).</summary>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        double force = ((DiscreteSpace)ActionSpace).IndexOf(action[0]) == 1 ? ForceMagnitude : -ForceMagnitude;
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        double temp = (force + (PoleMassLength * thetaDot * thetaDot * sin)) / TotalMass;
        double thetaAcc = ((Gravity * sin) - (cos * temp)) / (HalfLength * ((4.0 / 3.0) - (PoleMass * cos * cos / TotalMass)));
        double xAcc = temp - (PoleMassLength * thetaAcc * cos / TotalMass);
        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
        terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThreshold || theta > ThetaThreshold;
        double reward = terminatedBefore ? 0.0 : 1.0;
        terminatedBefore |= terminated;
        return reward;
    }

    private void Load(double x0, double xDot0, double theta0, double thetaDot0)
    {
        (x, xDot, theta, thetaDot) = (x0, xDot0, theta0, thetaDot0);
        terminatedBefore = false;
    }
}
