using Eggroll.Mujoco;
using Eggroll.Mujoco.Environments;
using Eggroll.Tasks.Rl;

namespace Eggroll.Tests.Mujoco;

/// <summary>
/// Observations, rewards, terminations, time limits and reset noise of the MuJoCo tasks as Gymnasium's v5
/// documentation defines them, recomputed here from the raw qpos, qvel and derived quantities of the simulation.
/// </summary>
public sealed class MujocoEnvironmentTests
{
    [Fact]
    public void InvertedDoublePendulumObservesAndRewardsAsDocumented()
    {
        var env = new InvertedDoublePendulum();
        var observation = new float[9];
        env.Reset(3, observation);
        var s = env.Simulation;
        int tip = s.Model.SiteId("tip");

        for (int t = 0; t < 5; t++)
        {
            float[] action = [0.3f - (0.2f * t)];
            var result = env.Step(action, observation);

            double[] q = s.Positions.ToArray(), v = s.Velocities.ToArray();
            float[] expected =
            [
                (float)q[0], (float)Math.Sin(q[1]), (float)Math.Sin(q[2]), (float)Math.Cos(q[1]), (float)Math.Cos(q[2]),
                .. v.Select(x => (float)Math.Clamp(x, -10, 10)), (float)Math.Clamp(s.ConstraintForces[0], -10, 10),
            ];
            Assert.Equal(expected, observation);
            double x = s.SitePositions[3 * tip], y = s.SitePositions[(3 * tip) + 2];
            Assert.False(result.Terminated);
            Assert.Equal(10 - ((0.01 * x * x) + ((y - 2) * (y - 2))) - ((1e-3 * v[1] * v[1]) + (5e-3 * v[2] * v[2])), result.Reward, 12);
        }

        Assert.Equal(0.05, env.Dt, 15);
        Assert.Equal(5 * 0.05, s.Time, 12);
    }

    [Fact]
    public void InvertedDoublePendulumTerminatesWhenTheTipDropsToOneMetreAndLosesTheHealthyReward()
    {
        var env = new InvertedDoublePendulum();
        var observation = new float[9];

        // Both poles tilted by 0.6 rad: the tip is 1.2·cos 0.6 ≈ 0.99 m high.
        env.SetState([0, 0.6, 0, 0, 0, 0], observation);
        var fallen = env.Step([0f], observation);
        env.SetState([0, 0.5, 0, 0, 0, 0], observation);
        var standing = env.Step([0f], observation);

        Assert.True(fallen.Terminated);
        Assert.True(fallen.Reward < 0, $"no healthy reward once terminated, got {fallen.Reward}");
        Assert.False(standing.Terminated);
        Assert.True(standing.Reward > 8, $"healthy reward while the tip is high, got {standing.Reward}");
    }

    [Fact]
    public void HopperObservesRewardsAndMovesForwardAsDocumented()
    {
        var env = new Hopper();
        var observation = new float[11];
        env.Reset(5, observation);
        var s = env.Simulation;

        for (int t = 0; t < 10; t++)
        {
            float[] action = [0.5f, -0.4f, 1.5f];
            double xBefore = s.Positions[0];
            var result = env.Step(action, observation);

            double[] q = s.Positions.ToArray(), v = s.Velocities.ToArray();
            Assert.Equal([.. q[1..].Select(x => (float)x), .. v.Select(x => (float)Math.Clamp(x, -10, 10))], observation);
            double control = (0.5 * 0.5) + (0.4 * 0.4) + (1.5 * 1.5);
            Assert.Equal(((q[0] - xBefore) / 0.008) + 1 - (1e-3 * control), result.Reward, 9);
            Assert.False(result.Terminated);
        }

        Assert.Equal(0.008, env.Dt, 15);
        Assert.Equal(10 * 0.008, s.Time, 12);
    }

    [Theory]
    [InlineData(0.7, 0.0, 0.0, false)] // z must exceed 0.7
    [InlineData(0.71, 0.0, 0.0, true)]
    [InlineData(1.25, 0.2, 0.0, false)] // the torso angle must lie strictly inside (−0.2, 0.2)
    [InlineData(1.25, -0.2, 0.0, false)]
    [InlineData(1.25, 0.19, 0.0, true)]
    [InlineData(1.25, 0.0, 100.0, false)] // every value of qpos[2..] and qvel strictly inside (−100, 100)
    [InlineData(1.25, 0.0, -99.9, true)]
    [InlineData(1.25, 0.0, double.NaN, false)]
    public void HopperIsHealthyOnlyInsideItsDocumentedRanges(double z, double angle, double thighVelocity, bool healthy)
    {
        var env = new Hopper();
        var observation = new float[11];

        env.SetState([0, z, angle, 0, 0, 0, 0, 0, 0, thighVelocity, 0, 0], observation);

        Assert.Equal(healthy, env.IsHealthy);
    }

    [Fact]
    public void HopperTerminatesWhenAStepLeavesItUnhealthyAndThenPaysNoHealthyReward()
    {
        var env = new Hopper();
        var observation = new float[11];

        env.SetState([0, 1.25, 0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0], observation);
        var tilted = env.Step([0f, 0f, 0f], observation);
        double tiltedVelocity = env.Simulation.Positions[0] / 0.008;
        env.SetState([0, 1.25, 0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0], observation);
        var upright = env.Step([0f, 0f, 0f], observation);
        double uprightVelocity = env.Simulation.Positions[0] / 0.008;

        Assert.True(tilted.Terminated);
        Assert.Equal(tiltedVelocity, tilted.Reward, 12);
        Assert.False(upright.Terminated);
        Assert.Equal(uprightVelocity + 1, upright.Reward, 12);
    }

    [Fact]
    public void HalfCheetahObservesAndRewardsAsDocumentedAndIsTruncatedAfterAThousandSteps()
    {
        var env = new HalfCheetah();
        var observation = new float[17];
        env.Reset(9, observation);
        var s = env.Simulation;
        float[] action = [1f, -1f, 0.5f, 0f, 0.25f, -0.75f];
        double control = 1 + 1 + 0.25 + 0.0625 + 0.5625;

        for (int t = 1; t <= 1000; t++)
        {
            double xBefore = s.Positions[0];
            var result = env.Step(action, observation);

            Assert.False(result.Terminated);
            Assert.Equal(t == 1000, result.Truncated);
            if (t % 100 == 0)
            {
                double[] q = s.Positions.ToArray(), v = s.Velocities.ToArray();
                Assert.Equal([.. q[1..].Select(x => (float)x), .. v.Select(x => (float)x)], observation);
                Assert.Equal(((q[0] - xBefore) / 0.05) - (0.1 * control), result.Reward, 9);
            }
        }

        Assert.Equal(1000, env.ElapsedSteps);
        Assert.Equal(50, s.Time, 9);
    }

    [Fact]
    public void AntLandsAndFeelsContactForcesWhichItObservesClippedAndPaysFor()
    {
        var env = new Ant();
        var observation = new float[105];
        env.Reset(2, observation);
        var s = env.Simulation;
        int torso = s.Model.BodyId("torso");
        Assert.All(observation[27..], f => Assert.Equal(0f, f));

        StepResult result = default;
        double xBefore = 0;
        float[] action = [0.2f, -0.3f, 0.1f, 0.4f, -0.5f, 0.6f, 0f, 0.9f];
        for (int t = 0; t < 30; t++)
        {
            xBefore = s.BodyPositions[3 * torso];
            result = env.Step(action, observation);
        }

        double[] q = s.Positions.ToArray(), v = s.Velocities.ToArray(), forces = s.ExternalForces.ToArray();
        Assert.Equal(13 * 6, forces.Length - 6);
        Assert.Equal([.. q[2..].Select(x => (float)x), .. v.Select(x => (float)x), .. forces[6..].Select(f => (float)Math.Clamp(f, -1, 1))], observation);
        Assert.Contains(observation[27..], f => Math.Abs(f) > 0.5f);
        double contact = forces.Sum(f => Math.Pow(Math.Clamp(f, -1, 1), 2));
        double control = action.Sum(a => (double)a * a);
        Assert.False(result.Terminated);
        Assert.Equal(((s.BodyPositions[3 * torso] - xBefore) / 0.05) + 1 - (0.5 * control) - (5e-4 * contact), result.Reward, 9);
    }

    [Theory]
    [InlineData(1.05, true)] // above the healthy band [0.2, 1]
    [InlineData(0.55, false)]
    public void AntTerminatesWhenTheTorsoLeavesItsHeightBand(double z, bool terminated)
    {
        var env = new Ant();
        var observation = new float[105];
        double[] state = new double[15 + 14];
        state[2] = z;
        state[3] = 1;
        state[8] = state[14] = 0.8; // ankles 1 and 4 inside their range of 30..70 degrees
        state[10] = state[12] = -0.8; // ankles 2 and 3: −70..−30 degrees
        env.SetState(state, observation);

        var result = env.Step(new float[8], observation);

        Assert.Equal(terminated, result.Terminated);
        Assert.Equal(!env.IsHealthy, result.Terminated);
    }

    [Fact]
    public void ResetNoiseStaysInItsDocumentedRangeAndFollowsTheSeed()
    {
        foreach (var (env, scale, gaussian) in new (MujocoEnvironment, double, bool)[]
        {
            (new InvertedDoublePendulum(), 0.1, true), (new Hopper(), 5e-3, false), (new HalfCheetah(), 0.1, true), (new Ant(), 0.1, true),
        })
        {
            var observation = new float[env.ObservationSpace.Size];
            var model = env.Simulation.Model;
            var velocities = new List<double>();
            for (ulong seed = 0; seed < 200; seed++)
            {
                env.Reset(seed, observation);
                var q = env.Simulation.Positions.ToArray();
                for (int i = 0; i < q.Length; i++)
                {
                    // mj_forward normalises the Ant's root quaternion (qpos[3..7]) after the noise is added.
                    if (env is not Ant || i is < 3 or >= 7)
                    {
                        Assert.InRange(q[i] - model.InitialPositions[i], -scale, scale);
                    }
                }

                Assert.True(env is not Ant || Math.Abs(q[3..7].Sum(x => x * x) - 1) < 1e-12, "a unit quaternion");

                velocities.AddRange(env.Simulation.Velocities.ToArray());
            }

            double mean = velocities.Average(), deviation = Math.Sqrt(velocities.Average(x => (x - mean) * (x - mean)));
            Assert.InRange(mean, -0.1 * scale, 0.1 * scale);
            if (gaussian)
            {
                Assert.InRange(deviation, 0.9 * scale, 1.1 * scale);
                Assert.Contains(velocities, x => Math.Abs(x) > scale);
            }
            else
            {
                Assert.All(velocities, x => Assert.InRange(x, -scale, scale));
                Assert.InRange(deviation, 0.9 * scale / Math.Sqrt(3), 1.1 * scale / Math.Sqrt(3));
            }

            env.Reset(7, observation);
            float[] first = [.. observation];
            env.Reset(8, observation);
            Assert.NotEqual(first, observation);
            env.Reset(7, observation);
            Assert.Equal(first, observation);
        }
    }

    [Fact]
    public void SteppingAllocatesNothing()
    {
        var env = new Ant();
        var observation = new float[105];
        float[] action = [0.1f, 0.2f, 0.3f, 0.4f, -0.1f, -0.2f, -0.3f, -0.4f];
        env.Reset(1, observation);
        env.Step(action, observation);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 20; t++)
        {
            env.Step(action, observation);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
