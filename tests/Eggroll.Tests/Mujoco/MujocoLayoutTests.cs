using Eggroll.Mujoco;
using Eggroll.Mujoco.Native;

namespace Eggroll.Tests.Mujoco;

/// <summary>
/// The structure offsets of MujocoLayout read what MuJoCo 2.2.2 itself holds: sizes, options and initial
/// positions of a model written here, and the simulation's positions, time and derived frames.
/// </summary>
public sealed class MujocoLayoutTests
{
    // A free body (7 coordinates, 6 velocities) carrying a hinged arm (1 + 1), one site and one actuator.
    private const string Model = """
        <mujoco>
          <compiler angle="radian"/>
          <option timestep="0.004" gravity="0.5 -1.5 -7"/>
          <worldbody>
            <body name="box" pos="0.1 0.2 1.5">
              <freejoint/>
              <geom type="sphere" size="0.1" density="1000"/>
              <body name="arm" pos="0 0 -0.3">
                <joint name="elbow" type="hinge" axis="0 1 0" ref="0.25"/>
                <geom type="sphere" size="0.05" mass="2"/>
                <site name="tip" pos="0.3 0 0"/>
              </body>
            </body>
          </worldbody>
          <actuator>
            <motor joint="elbow" ctrllimited="true" ctrlrange="-0.5 2"/>
          </actuator>
        </mujoco>
        """;

    [Fact]
    public void ModelSizesOptionsAndInitialPositionsAreThoseOfTheXml()
    {
        var model = MujocoModel.FromXml(Model);

        Assert.Equal(8, model.PositionCount);
        Assert.Equal(7, model.VelocityCount);
        Assert.Equal(1, model.ActuatorCount);
        Assert.Equal(3, model.BodyCount);
        Assert.Equal(1, model.SiteCount);
        Assert.Equal(0.004, model.Timestep);
        Assert.Equal([0.5, -1.5, -7], model.Gravity);
        Assert.Equal([0.1, 0.2, 1.5, 1, 0, 0, 0, 0.25], model.InitialPositions);
        Assert.Equal([0, 1000 * 4 / 3.0 * Math.PI * 0.001, 2], model.BodyMasses, new ToleranceComparer(1e-9));
        Assert.Equal([-0.5f], model.ControlSpace!.Low.ToArray());
        Assert.Equal([2f], model.ControlSpace!.High.ToArray());
        Assert.Equal(2, model.BodyId("arm"));
        Assert.Equal(0, model.SiteId("tip"));
        Assert.Throws<ArgumentException>(() => model.BodyId("leg"));
    }

    [Fact]
    public void SimulationFieldsPointAtTheStateMujocoComputesWith()
    {
        var model = MujocoModel.FromXml(Model);
        var simulation = new MujocoSimulation(model);

        Assert.Equal(model.InitialPositions, simulation.Positions.ToArray());
        Assert.All(simulation.Velocities.ToArray(), v => Assert.Equal(0, v));
        simulation.Positions[7] = 0.25 + (Math.PI / 2);
        simulation.Forward();

        // Body frames: the world, the free body where qpos puts it, the arm 0.3 below it; the site is 0.3 along
        // the arm's x axis, which the quarter turn about y (from the reference angle) points down.
        Assert.Equal([0, 0, 0, 0.1, 0.2, 1.5, 0.1, 0.2, 1.2], simulation.BodyPositions.ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal([0.1, 0.2, 0.9], simulation.SitePositions.ToArray(), new ToleranceComparer(1e-12));

        simulation.Controls[0] = 1;
        simulation.Step(3);
        Assert.Equal(3 * 0.004, simulation.Time, 15);
        Assert.True(simulation.Velocities[2] < 0, "the free body falls");

        simulation.Reset();
        Assert.Equal(0, simulation.Time);
        Assert.Equal(0, simulation.Controls[0]);
        Assert.Equal(model.InitialPositions, simulation.Positions.ToArray());
    }

    [Fact]
    public void ABrokenModelIsReportedWithMujocosMessage()
    {
        var error = Assert.Throws<InvalidDataException>(() => MujocoModel.FromXml("<mujoco><worldbody><geom type=\"sphere\"/></worldbody></mujoco>"));

        Assert.StartsWith("MuJoCo model: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("size", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AMissingLibraryIsOneLineNamingTheDebianPackage()
    {
        var error = Assert.Throws<MujocoUnavailableException>(() => MujocoLibrary.Load("libmujoco.so.0.0.0-not-installed"));

        Assert.Contains("install the Debian package libmujoco2.2.2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TheInstalledLibraryIsVersionTwoPointTwoPointTwo()
    {
        nint handle = MujocoLibrary.Load(MujocoLibrary.FileName);

        Assert.NotEqual(0, handle);
    }
}
