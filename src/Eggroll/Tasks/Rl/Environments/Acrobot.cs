namespace Eggroll.Tasks.Rl.Environments;

/// <summary>
/// Acrobot-v1 (Sutton &amp; Barto's book dynamics, Gymnasium's default <c>book_or_nips="book"</c>):
/// two links hanging from a pivot, torque −1, 0 or +1 (actions 0, 1, 2) on the joint between
/// them. State [θ1, θ2, θ̇1, θ̇2]; observation [cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2]. Link
/// lengths and masses 1, centres of mass at 0.5, moments of inertia 1, g = 9.8. One classic
/// Runge–Kutta-4 step over dt = 0.2, then θ1, θ2 wrapped to [−π, π] and the velocities clipped
/// to ±4π and ±9π. Terminates when −cos θ1 − cos(θ1 + θ2) &gt; 1 (the tip is a link length above
/// the pivot); reward −1 per step, 0 on the terminating step; truncated at 500 steps. Initial
/// state: each component U(−0.1, 0.1). Solved at a mean return of −100.
/// </summary>
public sealed class Acrobot : EpisodicEnvironment
{
    /// <summary>Gymnasium's name.</summary>
    public const string Name = "Acrobot-v1";

    private const double Dt = 0.2, L1 = 1.0, M1 = 1.0, M2 = 1.0, Lc1 = 0.5, Lc2 = 0.5, I1 = 1.0, I2 = 1.0, G = 9.8;
    private const double MaxVelocity1 = 4 * Math.PI, MaxVelocity2 = 9 * Math.PI;

    private readonly double[] state = new double[4];

    /// <summary>Creates the environment.</summary>
    public Acrobot()
        : base(
            new BoxSpace([-1f, -1f, -1f, -1f, -(float)MaxVelocity1, -(float)MaxVelocity2], [1f, 1f, 1f, 1f, (float)MaxVelocity1, (float)MaxVelocity2]),
            new DiscreteSpace(3),
            maxEpisodeSteps: 500,
            stateSize: 4)
    {
    }

    /// <summary>Gymnasium's <c>wrap</c>: shifts <paramref name="x"/> by multiples of (max − min) into [min, max].</summary>
    public static double Wrap(double x, double min, double max)
    {
        double range = max - min;
        while (x > max)
        {
            x -= range;
        }

        while (x < min)
        {
            x += range;
        }

        return x;
    }

    /// <summary>
    /// The time derivative of [θ1, θ2, θ̇1, θ̇2] under torque <paramref name="torque"/> (book
    /// form): writes [θ̇1, θ̇2, θ̈1, θ̈2] into <paramref name="derivative"/>.
    /// </summary>
    public static void Derivative(ReadOnlySpan<double> s, double torque, Span<double> derivative)
    {
        double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
        double d1 = (M1 * Lc1 * Lc1) + (M2 * ((L1 * L1) + (Lc2 * Lc2) + (2 * L1 * Lc2 * Math.Cos(theta2)))) + I1 + I2;
        double d2 = (M2 * ((Lc2 * Lc2) + (L1 * Lc2 * Math.Cos(theta2)))) + I2;
        double phi2 = M2 * Lc2 * G * Math.Cos(theta1 + theta2 - (Math.PI / 2));
        double phi1 = (-M2 * L1 * Lc2 * dtheta2 * dtheta2 * Math.Sin(theta2))
            - (2 * M2 * L1 * Lc2 * dtheta2 * dtheta1 * Math.Sin(theta2))
            + (((M1 * Lc1) + (M2 * L1)) * G * Math.Cos(theta1 - (Math.PI / 2)))
            + phi2;
        double ddtheta2 = (torque + (d2 / d1 * phi1) - (M2 * L1 * Lc2 * dtheta1 * dtheta1 * Math.Sin(theta2)) - phi2)
            / ((M2 * Lc2 * Lc2) + I2 - (d2 * d2 / d1));
        double ddtheta1 = -((d2 * ddtheta2) + phi1) / d1;
        derivative[0] = dtheta1;
        derivative[1] = dtheta2;
        derivative[2] = ddtheta1;
        derivative[3] = ddtheta2;
    }

    /// <inheritdoc/>
    protected override void SampleInitialState(ulong seed)
    {
        for (int i = 0; i < 4; i++)
        {
            state[i] = EpisodeRandom.Uniform(seed, (uint)i, -0.1, 0.1);
        }
    }

    /// <summary>State layout [θ1, θ2, θ̇1, θ̇2].</summary>
    protected override void LoadState(ReadOnlySpan<double> values) => values.CopyTo(state);

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation)
    {
        observation[0] = (float)Math.Cos(state[0]);
        observation[1] = (float)Math.Sin(state[0]);
        observation[2] = (float)Math.Cos(state[1]);
        observation[3] = (float)Math.Sin(state[1]);
        observation[4] = (float)state[2];
        observation[5] = (float)state[3];
    }

    /// <inheritdoc/>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        double torque = ((DiscreteSpace)ActionSpace).IndexOf(action[0]) - 1;
        RungeKutta4(torque);
        state[0] = Wrap(state[0], -Math.PI, Math.PI);
        state[1] = Wrap(state[1], -Math.PI, Math.PI);
        state[2] = Math.Clamp(state[2], -MaxVelocity1, MaxVelocity1);
        state[3] = Math.Clamp(state[3], -MaxVelocity2, MaxVelocity2);
        terminated = -Math.Cos(state[0]) - Math.Cos(state[1] + state[0]) > 1.0;
        return terminated ? 0.0 : -1.0;
    }

    private void RungeKutta4(double torque)
    {
        Span<double> k1 = stackalloc double[4], k2 = stackalloc double[4], k3 = stackalloc double[4], k4 = stackalloc double[4], y = stackalloc double[4];
        Derivative(state, torque, k1);
        Offset(state, k1, Dt / 2, y);
        Derivative(y, torque, k2);
        Offset(state, k2, Dt / 2, y);
        Derivative(y, torque, k3);
        Offset(state, k3, Dt, y);
        Derivative(y, torque, k4);
        for (int i = 0; i < 4; i++)
        {
            state[i] += Dt / 6.0 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]);
        }
    }

    private static void Offset(ReadOnlySpan<double> origin, ReadOnlySpan<double> slope, double h, Span<double> result)
    {
        for (int i = 0; i < origin.Length; i++)
        {
            result[i] = origin[i] + (h * slope[i]);
        }
    }
}
