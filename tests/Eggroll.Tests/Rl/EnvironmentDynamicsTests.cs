using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;

namespace Eggroll.Tests.Rl;

/// <summary>
/// A few steps of every environment from fixed states against values computed independently from
/// the published equations, and the edges of termination and truncation.
/// </summary>
/// <remarks>
/// The expected states and rewards are printed by <c>reference/gym_dynamics.py</c> (next to this file;
/// Python 3, standard library only, double precision, written from Gymnasium's published equations).
/// To regenerate them after changing a start state or an action, edit the calls at the end of that
/// script and run <c>python3 tests/Eggroll.Tests/Rl/reference/gym_dynamics.py</c>; the test suite
/// itself does not need Python.
/// </remarks>
public sealed class EnvironmentDynamicsTests
{
    private const float Tolerance = 2e-6f;

    [Fact]
    public void CartPoleFollowsEulerDynamics()
    {
        var expected = new[]
        {
            new[] { 0.009600000000000001, 0.17467919574755525, 0.030799999999999998, -0.24306871796000815 },
            new[] { 0.013093583914951107, -0.020868848948191993, 0.025938625640799833, 0.05916799993941654 },
            new[] { 0.012676206935987267, 0.1738717748734813, 0.027121985639588165, -0.22521957255967331 },
        };
        var results = Run(new CartPole(), [0.01, -0.02, 0.03, 0.04], [[1], [0], [1]], expected);

        Assert.All(results, r => Assert.Equal(new StepResult(1, false, false), r));
    }

    [Fact]
    public void PendulumFollowsItsEquationsAndCostsTheStateBeforeTheStep()
    {
        double[][] states =
        [
            [2.991542000302245, -0.16915999395509962],
            [2.973689808734025, -0.35704383136440176],
            [2.963604431705099, -0.201707540578523],
        ];
        var expected = states.Select(s => new[] { Math.Cos(s[0]), Math.Sin(s[0]), s[1] }).ToArray();
        var results = Run(new Pendulum(), [3.0, -0.5], [[1.5f], [-3f], [0.2f]], expected);

        Assert.Equal(-9.02725, results[0].Reward, 5);
        Assert.Equal(-8.956185049927841, results[1].Reward, 5);
        Assert.Equal(-8.855619108320138, results[2].Reward, 5);
        Assert.All(results, r => Assert.False(r.Done));
    }

    [Fact]
    public void AcrobotFollowsBookDynamicsWithOneRungeKuttaStep()
    {
        double[][] states =
        [
            [0.03396426807716706, 0.014028356136744108, -0.175464650251537, 0.4197156022652691],
            [0.010256406751987378, 0.061304367014462395, -0.05558414607650376, 0.0417371113112644],
            [-0.00046751124082028417, 0.06363968562706548, -0.04942649940703602, -0.02038908705444733],
        ];
        var expected = states.Select(s => new[] { Math.Cos(s[0]), Math.Sin(s[0]), Math.Cos(s[1]), Math.Sin(s[1]), s[2], s[3] }).ToArray();
        var results = Run(new Acrobot(), [0.05, -0.03, 0.02, 0.01], [[2], [0], [1]], expected);

        Assert.All(results, r => Assert.Equal(new StepResult(-1, false, false), r));
    }

    [Fact]
    public void MountainCarFollowsItsEquations()
    {
        double[][] expected =
        [
            [-0.49917684300416926, 0.0008231569958307428],
            [-0.49753668667935325, 0.0016401563248160246],
            [-0.4970917969323474, 0.00044488974700586273],
        ];
        var results = Run(new MountainCar(), [-0.5, 0.0], [[2], [2], [0]], expected);

        Assert.All(results, r => Assert.Equal(new StepResult(-1, false, false), r));
    }

    [Fact]
    public void MountainCarContinuousClipsTheForceButChargesTheActionAsGiven()
    {
        double[][] expected =
        [
            [-0.49942684300416923, 0.0005731569958307427],
            [-0.5005348166581937, -0.0011079736540244545],
            [-0.5003156320134694, 0.00021918464472426972],
        ];
        var results = Run(new MountainCarContinuous(), [-0.5, 0.0], [[0.5f], [-2f], [1f]], expected);

        Assert.Equal([-0.025, -0.4, -0.1], results.Select(r => Math.Round(r.Reward, 9)));
    }

    [Theory]
    [InlineData(2.39, 1.0, 0.0, 0.0)]
    [InlineData(-2.39, -1.0, 0.0, 0.0)]
    [InlineData(0.0, 0.0, 0.2094, 0.1)]
    [InlineData(0.0, 0.0, -0.2094, -0.1)]
    public void CartPoleTerminatesPastItsThresholdsAndStillPaysTheStep(double x, double xDot, double theta, double thetaDot)
    {
        var env = new CartPole();
        var observation = new float[4];
        env.SetState([x, xDot, theta, thetaDot], observation);

        var result = env.Step([0], observation);
        var after = env.Step([0], observation);

        Assert.Equal(new StepResult(1, true, false), result);
        Assert.Equal(0, after.Reward);
    }

    [Fact]
    public void CartPoleDoesNotTerminateInsideItsThresholds()
    {
        var env = new CartPole();
        var observation = new float[4];
        env.SetState([2.39, 0.4, 0.0, 0.0], observation);

        Assert.False(env.Step([1], observation).Terminated);
    }

    [Fact]
    public void PendulumIsTruncatedAtExactly200Steps()
    {
        var env = new Pendulum();
        var observation = new float[3];
        env.Reset(7, observation);
        for (int step = 1; step < 200; step++)
        {
            Assert.False(env.Step([0f], observation).Done);
        }

        var last = env.Step([0f], observation);
        Assert.False(last.Terminated);
        Assert.True(last.Truncated);
    }

    [Fact]
    public void MountainCarIsTruncatedAt200AndStopsAtTheLeftWall()
    {
        var env = new MountainCar();
        var observation = new float[2];
        env.SetState([-1.19, -0.05], observation);
        env.Step([1], observation);
        Assert.Equal([-1.2f, 0f], observation);

        env.Reset(3, observation);
        var results = Enumerable.Range(0, 200).Select(_ => env.Step([1], observation)).ToList();
        Assert.All(results.Take(199), r => Assert.Equal(new StepResult(-1, false, false), r));
        Assert.Equal(new StepResult(-1, false, true), results[199]);
    }

    [Fact]
    public void MountainCarsTerminateAtTheirGoals()
    {
        var discrete = new MountainCar();
        var continuous = new MountainCarContinuous();
        var observation = new float[2];
        discrete.SetState([0.49, 0.02], observation);
        continuous.SetState([0.44, 0.02], observation);

        Assert.True(discrete.Step([2], observation).Terminated);
        var result = continuous.Step([1f], observation);
        Assert.True(result.Terminated);
        Assert.Equal(99.9, result.Reward, 12);
    }

    [Fact]
    public void MountainCarContinuousIsTruncatedAt999Steps()
    {
        var env = new MountainCarContinuous();
        var observation = new float[2];
        env.Reset(1, observation);
        var results = Enumerable.Range(0, 999).Select(_ => env.Step([0f], observation)).ToList();

        Assert.DoesNotContain(results.Take(998), r => r.Done);
        Assert.Equal(new StepResult(0, false, true), results[998]);
    }

    [Fact]
    public void AcrobotTerminatesWhenTheTipIsHighEnoughWithRewardZero()
    {
        var env = new Acrobot();
        var observation = new float[6];
        env.SetState([Math.PI - 0.01, 0.0, 0.0, 0.0], observation);

        Assert.Equal(new StepResult(0, true, false), env.Step([1], observation));
        Assert.InRange(observation[0], -1f, -0.99f);
    }

    [Fact]
    public void AcrobotWrapsAnglesAndClipsVelocities()
    {
        Assert.Equal(-Math.PI + 0.5, Acrobot.Wrap(Math.PI + 0.5, -Math.PI, Math.PI), 12);
        Assert.Equal(Math.PI - 0.5, Acrobot.Wrap(-Math.PI - 0.5 - (4 * Math.PI), -Math.PI, Math.PI), 12);
        var env = new Acrobot();
        var observation = new float[6];
        env.SetState([0.0, 0.0, 100.0, -100.0], observation);
        env.Step([1], observation);

        Assert.Equal((float)(4 * Math.PI), Math.Abs(observation[4]));
        Assert.Equal((float)(9 * Math.PI), Math.Abs(observation[5]));
    }

    [Fact]
    public void PendulumNormalisesAnglesLikePythonModulo()
    {
        Assert.Equal(-Math.PI, Pendulum.NormalizeAngle(Math.PI), 12);
        Assert.Equal(0.5 - (2 * Math.PI) + (2 * Math.PI), Pendulum.NormalizeAngle(0.5 + (4 * Math.PI)), 12);
        Assert.Equal(-0.5, Pendulum.NormalizeAngle(-0.5 - (6 * Math.PI)), 12);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ResetIsDeterministicPerSeedAndInsideTheDocumentedRange(string name)
    {
        var info = EnvironmentRegistry.Find(name)!;
        var env = info.Create();
        var a = new float[env.ObservationSpace.Size];
        var b = new float[a.Length];
        var c = new float[a.Length];
        env.Reset(11, a);
        env.Reset(11, b);
        env.Reset(12, c);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(0, env.ElapsedSteps);
        for (int j = 0; j < a.Length; j++)
        {
            Assert.InRange(a[j], env.ObservationSpace.Low[j], env.ObservationSpace.High[j]);
        }
    }

    [Fact]
    public void CartPoleInitialStateIsWithinFiveHundredths()
    {
        var env = new CartPole();
        var observation = new float[4];
        for (ulong seed = 0; seed < 50; seed++)
        {
            env.Reset(seed, observation);
            Assert.All(observation, v => Assert.InRange(v, -0.05f, 0.05f));
        }
    }

    [Fact]
    public void InvalidUseIsRejected()
    {
        var env = new CartPole();
        var observation = new float[4];
        Assert.Throws<InvalidOperationException>(() => env.Step([0], observation));
        env.Reset(1, observation);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([2], observation));
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([0.5f], observation));
        Assert.Throws<ArgumentException>(() => env.SetState([0.0], observation));
    }

    public static TheoryData<string> Names() => [.. EnvironmentRegistry.All.Select(e => e.Name)];

    private static List<StepResult> Run(IEnvironment env, double[] state, float[][] actions, double[][] expected)
    {
        var observation = new float[env.ObservationSpace.Size];
        env.SetState(state, observation);
        var results = new List<StepResult>();
        for (int i = 0; i < actions.Length; i++)
        {
            results.Add(env.Step(actions[i], observation));
            for (int j = 0; j < observation.Length; j++)
            {
                Assert.Equal((float)expected[i][j], observation[j], Tolerance);
            }
        }

        return results;
    }
}
