using Eggroll.Mujoco;

namespace Eggroll.Tests.Mujoco;

/// <summary>The engine behind the environments does physics: free fall, resting contact, conservation of energy.</summary>
public sealed class MujocoPhysicsTests
{
    [Fact]
    public void AFreeBodyFallsWithTheAccelerationOfGravity()
    {
        var simulation = new MujocoSimulation(MujocoModel.FromXml("""
            <mujoco>
              <option timestep="0.001" gravity="0 0 -9.81"/>
              <worldbody>
                <body pos="0 0 10"><freejoint/><geom type="sphere" size="0.1"/></body>
              </worldbody>
            </mujoco>
            """));

        simulation.Step(1000);

        // Semi-implicit Euler: v_n = −g·n·h exactly, z_n = z0 − g·h²·n(n+1)/2, i.e. g t²/2 plus g·h·t/2.
        Assert.Equal(-9.81, simulation.Velocities[2], 9);
        Assert.Equal(10 - (9.81 * 0.5 * 1.001), simulation.Positions[2], 9);
        Assert.InRange(simulation.Positions[2], 10 - (9.81 * 0.5) - 0.01, 10 - (9.81 * 0.5));
    }

    [Fact]
    public void ADroppedBallComesToRestOnTheFloor()
    {
        var simulation = new MujocoSimulation(MujocoModel.FromXml("""
            <mujoco>
              <option timestep="0.002"/>
              <worldbody>
                <geom type="plane" size="5 5 0.1"/>
                <body pos="0 0 1"><freejoint/><geom type="sphere" size="0.2"/></body>
              </worldbody>
            </mujoco>
            """));

        simulation.Step(1500);
        simulation.ComputeExternalForces();

        Assert.InRange(simulation.Positions[2], 0.19, 0.2);
        Assert.InRange(Math.Abs(simulation.Velocities[2]), 0, 1e-3);
        double weight = simulation.Model.BodyMasses[1] * 9.81;
        Assert.Equal(weight, simulation.ExternalForces[6 + 5], weight * 1e-3);
    }

    [Fact]
    public void AnUndampedPendulumKeepsItsEnergy()
    {
        var simulation = new MujocoSimulation(MujocoModel.FromXml("""
            <mujoco>
              <option timestep="0.001" integrator="RK4"><flag energy="enable"/></option>
              <worldbody>
                <body pos="0 0 2">
                  <joint type="hinge" axis="0 1 0"/>
                  <geom type="capsule" fromto="0 0 0 0.5 0 0" size="0.02"/>
                </body>
              </worldbody>
            </mujoco>
            """));
        simulation.Forward();
        var (potential0, kinetic0) = simulation.Energy();
        double drop = simulation.Model.BodyMasses[1] * 9.81 * 0.25;
        double largestKinetic = 0, largestError = 0;

        for (int i = 0; i < 200; i++)
        {
            simulation.Step(10);
            simulation.Forward();
            var (potential, kinetic) = simulation.Energy();
            largestKinetic = Math.Max(largestKinetic, kinetic);
            largestError = Math.Max(largestError, Math.Abs(potential + kinetic - potential0 - kinetic0));
        }

        // Released horizontally, the rod's centre falls 0.25 m at the bottom of the swing.
        Assert.Equal(0, kinetic0);
        Assert.InRange(largestKinetic, 0.9 * drop, 1.0001 * drop);
        Assert.InRange(largestError, 0, 1e-5 * drop);
    }
}
