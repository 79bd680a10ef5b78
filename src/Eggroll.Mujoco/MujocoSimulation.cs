using Eggroll.Mujoco.Native;

namespace Eggroll.Mujoco;

/// <summary>
/// The state of one simulation of a <see cref="MujocoModel"/> (an <c>mjData</c>): positions, velocities and
/// controls to read and write, and the quantities MuJoCo derives from them. The spans point into MuJoCo's
/// buffer, so reading and writing them allocates nothing. One simulation belongs to one thread at a time.
/// </summary>
public sealed unsafe class MujocoSimulation
{
    private readonly NativeObject data;
    private readonly double* qpos, qvel, ctrl, xpos, siteXpos, cfrcExt, qfrcConstraint, time, energy;

    /// <summary>Allocates a simulation of <paramref name="model"/> in its initial state (<c>mj_makeData</c>).</summary>
    public MujocoSimulation(MujocoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        nint pointer = MujocoNative.MakeData(model.Handle);
        if (pointer == 0)
        {
            throw new OutOfMemoryException("MuJoCo could not allocate the simulation data.");
        }

        data = new NativeObject(pointer, MujocoNative.DeleteData);
        byte* d = (byte*)pointer;
        qpos = Field(d, MujocoLayout.DataQpos);
        qvel = Field(d, MujocoLayout.DataQvel);
        ctrl = Field(d, MujocoLayout.DataCtrl);
        xpos = Field(d, MujocoLayout.DataXpos);
        siteXpos = Field(d, MujocoLayout.DataSiteXpos);
        cfrcExt = Field(d, MujocoLayout.DataCfrcExt);
        qfrcConstraint = Field(d, MujocoLayout.DataQfrcConstraint);
        time = (double*)(d + MujocoLayout.DataTime);
        energy = (double*)(d + MujocoLayout.DataEnergy);
    }

    /// <summary>The model simulated.</summary>
    public MujocoModel Model { get; }

    /// <summary>Simulated time in seconds (<c>time</c>).</summary>
    public double Time => *time;

    /// <summary>Generalized coordinates (<c>qpos</c>, nq values).</summary>
    public Span<double> Positions => new(qpos, Model.PositionCount);

    /// <summary>Generalized velocities (<c>qvel</c>, nv values).</summary>
    public Span<double> Velocities => new(qvel, Model.VelocityCount);

    /// <summary>Actuator controls (<c>ctrl</c>, nu values); MuJoCo clamps them to the control range when it applies them.</summary>
    public Span<double> Controls => new(ctrl, Model.ActuatorCount);

    /// <summary>Body frame positions (<c>xpos</c>, 3 per body) as of the last position computation (the start of the last step).</summary>
    public ReadOnlySpan<double> BodyPositions => new(xpos, 3 * Model.BodyCount);

    /// <summary>Site positions (<c>site_xpos</c>, 3 per site), as of the last position computation.</summary>
    public ReadOnlySpan<double> SitePositions => new(siteXpos, 3 * Model.SiteCount);

    /// <summary>Constraint forces in joint space (<c>qfrc_constraint</c>, nv values).</summary>
    public ReadOnlySpan<double> ConstraintForces => new(qfrcConstraint, Model.VelocityCount);

    /// <summary>External (contact) forces on each body (<c>cfrc_ext</c>, 6 per body), valid after <see cref="ComputeExternalForces"/>.</summary>
    public ReadOnlySpan<double> ExternalForces => new(cfrcExt, 6 * Model.BodyCount);

    /// <summary>Returns to the model's initial state: qpos0, zero velocities and controls, time 0 (<c>mj_resetData</c>).</summary>
    public void Reset() => MujocoNative.ResetData(Model.Handle, data);

    /// <summary>Computes the derived quantities of the current state without advancing time (<c>mj_forward</c>).</summary>
    public void Forward() => MujocoNative.Forward(Model.Handle, data);

    /// <summary>Advances <paramref name="steps"/> timesteps with the current controls (<c>mj_step</c>).</summary>
    public void Step(int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            MujocoNative.Step(Model.Handle, data);
        }
    }

    /// <summary>Computes <see cref="ExternalForces"/> for the current state (<c>mj_rnePostConstraint</c>), which a step leaves stale.</summary>
    public void ComputeExternalForces() => MujocoNative.RnePostConstraint(Model.Handle, data);

    /// <summary>Potential and kinetic energy of the current state (<c>mj_energyPos</c>, <c>mj_energyVel</c>).</summary>
    public (double Potential, double Kinetic) Energy()
    {
        MujocoNative.EnergyPosition(Model.Handle, data);
        MujocoNative.EnergyVelocity(Model.Handle, data);
        return (energy[0], energy[1]);
    }

    private static double* Field(byte* d, int offset) => *(double**)(d + offset);
}
