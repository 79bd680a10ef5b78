using System.Runtime.InteropServices;
using Eggroll.Cli;
using Eggroll.Mujoco;
using Eggroll.Mujoco.Environments;
using Eggroll.Mujoco.Native;
using Eggroll.Numerics;
using Eggroll.Tasks.Rl;
using Eggroll.Tests.Cli;
using Eggroll.Training;

namespace Eggroll.Tests.Mujoco;

/// <summary>
/// The MuJoCo environments inside the RL machinery: registered for the command line, stepped in parallel with
/// results independent of the thread count, trained and resumed bit for bit.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class MujocoRunTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public MujocoRunTests(TemporaryDirectory temporary)
    {
        directory = temporary.CreateSubdirectory();
        MujocoEnvironments.Register();
    }

    [Fact]
    public void RegistrationAddsEachRobotOnceWithGymnasiumsThresholdAndItsDefaults()
    {
        MujocoEnvironments.Register();

        Assert.Equal(
            [("InvertedDoublePendulum-v5", 9100.0), ("Hopper-v5", 3800.0), ("HalfCheetah-v5", 4800.0), ("Ant-v5", 6000.0)],
            EnvironmentRegistry.All.Where(e => e.Name.EndsWith("-v5", StringComparison.Ordinal)).Select(e => (e.Name, e.SolvedThreshold)));
        Assert.Same(MujocoEnvironments.All[1], EnvironmentRegistry.Find("hopper-v5"));
        Assert.Equal("Hopper-v5", RlDefaults.For(Hopper.Name).Env.Name);
        Assert.Equal(MujocoEnvironments.All[1].Defaults, RlDefaults.For(Hopper.Name));
        Assert.DoesNotContain(EnvironmentRegistry.BuiltIn, e => e.Name == Hopper.Name);
        Assert.Throws<ArgumentException>(() => EnvironmentRegistry.Add(new EnvironmentInfo("HOPPER-v5", () => new Hopper(), 0)));
    }

    [Fact]
    public void ParallelSteppingGivesTheSameResultsOnOneAndTwoThreads()
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = Roll();
            Parallelism.MaxThreads = 2;
            var two = Roll();

            Assert.Equal(one, two);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void TrainRlOnHopperResumesBitForBitAndEvalRlAndTheHelpSeeIt()
    {
        string shortRun = Path.Combine(directory, "short"), longRun = Path.Combine(directory, "long");
        string[] common = ["--env", "Hopper-v5", "--threads", "1", "--population", "8", "--set", "model.hidden=[4]", "--set", "env.evalEpisodes=2"];

        Assert.Equal(0, EggrollCli.Run(["train", "rl", "--epochs", "2", "--out", shortRun, .. common]));
        Assert.Equal(0, EggrollCli.Run(["train", "rl", "--resume", shortRun, "--epochs", "3", "--threads", "2"]));
        Assert.Equal(0, EggrollCli.Run(["train", "rl", "--epochs", "3", "--out", longRun, .. common]));
        var evaluated = CapturedRun.Of(["eval", "rl", "--checkpoint", longRun, "--episodes", "2"]);
        var help = CapturedRun.Of(["train", "rl", "--help"]);

        Assert.Contains("objective.obs_norm.variance", RunCheckpoint.Load(Path.Combine(longRun, "checkpoint")).Tensors.ByName.Keys);
        Assert.Equal(File.ReadAllBytes(TensorFile(longRun)), File.ReadAllBytes(TensorFile(shortRun)));

        Assert.Equal(0, evaluated.ExitCode);
        Assert.Contains("over 2 episodes", evaluated.Output, StringComparison.Ordinal);
        Assert.Contains("InvertedDoublePendulum-v5, Hopper-v5, HalfCheetah-v5, Ant-v5", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvRolloutStepsARobotFromTheGivenState()
    {
        string actions = Path.Combine(directory, "actions.txt");
        File.WriteAllText(actions, "0.5,0,-0.5\n1,1,1\n");
        double[] state = [0, 1.25, 0, 0, 0, 0, 0.1, 0, 0, 0, 0, 0];

        var run = CapturedRun.Of(["env", "rollout", "--env", "Hopper-v5", "--state", string.Join(',', state), "--actions", actions]);

        Assert.Equal(0, run.ExitCode);
        var env = new Hopper();
        var observation = new float[11];
        env.SetState(state, observation);
        var first = env.Step([0.5f, 0f, -0.5f], observation);
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains($"\"reward\":{first.Reward.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheLibraryTheCommandLinePrintsOneLineNamingThePackage()
    {
        var run = CapturedRun.Of(["train", "rl", "--env", "Hopper-v5"], () =>
        {
            MujocoLibrary.Load("libmujoco.so.0.0.0-not-installed");
            return ExitCodes.Success;
        });

        Assert.Equal(ExitCodes.UserError, run.ExitCode);
        Assert.StartsWith("error: the MuJoCo environments need the physics engine MuJoCo 2.2.2", run.ErrorLine, StringComparison.Ordinal);
        Assert.EndsWith("install the Debian package libmujoco2.2.2 (apt-get install libmujoco2.2.2).", run.ErrorLine, StringComparison.Ordinal);
    }

    private static string TensorFile(string run) => Assert.Single(Directory.GetFiles(Path.Combine(run, "checkpoint"), "tensors-*.safetensors"));

    private static byte[] Roll()
    {
        const int count = 40, steps = 60;
        var vector = new VectorEnvironment(() => new Hopper(), count, autoReset: true);
        var observations = new Matrix(count, 11);
        var actions = new Matrix(count, 3);
        var rewards = new double[count];
        bool[] terminated = new bool[count], truncated = new bool[count];
        vector.Reset([.. Enumerable.Range(0, count).Select(i => (ulong)(100 + i))], observations);
        var trace = new List<byte>();
        bool anyEnded = false;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < count; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    actions.Row(i)[j] = MathF.Sin((0.3f * t) + i + (2 * j));
                }
            }

            vector.Step(actions, observations, rewards, terminated, truncated);
            anyEnded |= terminated.Contains(true);
            trace.AddRange(MemoryMarshal.AsBytes(rewards.AsSpan()).ToArray());
            for (int i = 0; i < count; i++)
            {
                trace.AddRange(MemoryMarshal.AsBytes(observations.Row(i)).ToArray());
            }
        }

        Assert.True(anyEnded, "some hoppers fell and were reset");
        return [.. trace];
    }
}
