using Eggroll.Tasks.Rl;

namespace Eggroll.Mujoco;

/// <summary>
/// Base of the MuJoCo tasks, following Gymnasium's <c>MujocoEnv</c>: a reset restores the model's initial
/// state, adds <see cref="ResetNoise"/> and computes the derived quantities (<c>mj_resetData</c>, set qpos and
/// qvel, <c>mj_forward</c>); a step writes the action to the controls and advances <see cref="FrameSkip"/>
/// timesteps. The internal state (<see cref="IEnvironment.SetState"/>) is qpos followed by qvel. Each
/// instance owns its simulation; the model is shared.
/// </summary>
public abstract class MujocoEnvironment : EpisodicEnvironment
{
    private readonly ResetNoise noise;

    /// <summary>Creates the environment on <paramref name="model"/> with an unbounded observation box of <paramref name="observationSize"/> values.</summary>
    protected MujocoEnvironment(MujocoModel model, int frameSkip, int observationSize, int maxEpisodeSteps, ResetNoise noise)
        : base(Unbounded(observationSize), ControlsOf(model), maxEpisodeSteps, model.PositionCount + model.VelocityCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSkip, 1);
        Simulation = new MujocoSimulation(model);
        FrameSkip = frameSkip;
        this.noise = noise;
    }

    /// <summary>Timesteps per environment step (Gymnasium's <c>frame_skip</c>).</summary>
    public int FrameSkip { get; }

    /// <summary>Seconds per environment step (Gymnasium's <c>dt</c>): timestep × frame skip.</summary>
    public double Dt => Simulation.Model.Timestep * FrameSkip;

    /// <summary>The simulation this instance steps.</summary>
    public MujocoSimulation Simulation { get; }

    /// <summary>Whether the task reads contact forces, which are then computed after every reset and step (Gymnasium calls <c>mj_rnePostConstraint</c> after each step).</summary>
    protected virtual bool UsesContactForces => false;

    /// <summary>The sum of squares of <paramref name="values"/>, e.g. of an action for a control cost.</summary>
    protected static double SumOfSquares(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += (double)v * v;
        }

        return sum;
    }

    /// <inheritdoc/>
    protected sealed override void SampleInitialState(ulong seed)
    {
        Simulation.Reset();
        noise.Apply(seed, Simulation.Positions, Simulation.Velocities);
        Settle();
    }

    /// <summary>State layout: qpos (nq values) then qvel (nv values).</summary>
    protected sealed override void LoadState(ReadOnlySpan<double> state)
    {
        Simulation.Reset();
        int nq = Simulation.Model.PositionCount;
        state[..nq].CopyTo(Simulation.Positions);
        state[nq..].CopyTo(Simulation.Velocities);
        Settle();
    }

    /// <inheritdoc/>
    protected sealed override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        double before = ProgressCoordinate();
        var controls = Simulation.Controls;
        for (int i = 0; i < controls.Length; i++)
        {
            controls[i] = action[i];
        }

        Simulation.Step(FrameSkip);
        if (UsesContactForces)
        {
            Simulation.ComputeExternalForces();
        }

        return Reward(action, (ProgressCoordinate() - before) / Dt, out terminated);
    }

    /// <summary>The coordinate whose change per <see cref="Dt"/> is the task's forward velocity (e.g. the root's x), read before and after each step; 0 for tasks without one.</summary>
    protected virtual double ProgressCoordinate() => 0;

    /// <summary>The reward of the step just taken with <paramref name="action"/>, given the forward velocity, and whether the new state is terminal.</summary>
    protected abstract double Reward(ReadOnlySpan<float> action, double forwardVelocity, out bool terminated);

    private static BoxSpace Unbounded(int size) =>
        new([.. Enumerable.Repeat(float.NegativeInfinity, size)], [.. Enumerable.Repeat(float.PositiveInfinity, size)]);

    private static BoxSpace ControlsOf(MujocoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ControlSpace ?? throw new ArgumentException("An environment needs a model with actuators.", nameof(model));
    }

    private void Settle()
    {
        Simulation.Forward();
        if (UsesContactForces)
        {
            Simulation.ComputeExternalForces();
        }
    }
}
