using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Eggroll.Cli;
using Eggroll.IO;
using Eggroll.Tasks.Experiments;
using Eggroll.Tasks.Rl;
using Eggroll.Training;

namespace Eggroll.Tests.Cli;

/// <summary><c>train rl</c>, <c>eval rl</c> and <c>env rollout</c> end to end, on short runs.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class RlCommandLineTests : IClassFixture<TemporaryDirectory>
{
    private static readonly string[] Small = ["--population", "8", "--set", "model.hidden=[4]", "--set", "env.evalEpisodes=5"];
    private readonly string directory;

    public RlCommandLineTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void TrainRlWritesMetricsPlotCheckpointAndEvalThenEvalRlPrintsTheCheckpointedPolicysReturn()
    {
        string run = Path.Combine(directory, "pendulum");

        int trained = EggrollCli.Run(["train", "rl", "--env", "Pendulum-v1", "--epochs", "3", "--out", run, .. Small]);
        var evaluated = CapturedRun.Of(["eval", "rl", "--checkpoint", run, "--episodes", "3", "--seed", "17"]);

        Assert.Equal(0, trained);
        Assert.Equal(0, evaluated.ExitCode);
        Assert.Equal(3, File.ReadLines(Path.Combine(run, "metrics.jsonl")).Count());
        Assert.True(new FileInfo(Path.Combine(run, "learning-curve.png")).Length > 1000);
        Assert.True(File.Exists(Path.Combine(run, "eval.json")));
        Assert.Contains("Pendulum-v1", File.ReadAllText(Path.Combine(run, "config.json")), StringComparison.Ordinal);
        var checkpoint = RunCheckpoint.Load(Path.Combine(run, "checkpoint"));
        var restored = RlRun.Create(ConfigLoader.FromNode<RlRunConfig>(checkpoint.State.Run!, checkpoint.StatePath));
        var job = restored.CreateJob();
        RunCheckpoint.Restore(job, checkpoint);
        var expected = restored.Evaluate(job, 3, 17);
        var printed = Regex.Match(evaluated.Output, @"\(epoch 3\): return (?<mean>-?[0-9.]+) ± (?<std>[0-9.]+) over 3 episodes");
        Assert.True(printed.Success, evaluated.Output);
        Assert.Equal(Math.Round(expected.Mean, 1), double.Parse(printed.Groups["mean"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(Math.Round(expected.StandardDeviation, 1), double.Parse(printed.Groups["std"].Value, CultureInfo.InvariantCulture));
        Assert.True(expected.StandardDeviation > 0);
    }

    [Fact]
    public void ResumedRlRunMatchesOneLongerRunIncludingTheNormaliser()
    {
        string shortRun = Path.Combine(directory, "short"), longRun = Path.Combine(directory, "long");
        string[] common = ["--env", "MountainCar-v0", "--threads", "1", .. Small];

        Assert.Equal(0, EggrollCli.Run(["train", "rl", "--epochs", "2", "--out", shortRun, .. common]));
        Assert.Equal(0, EggrollCli.Run(["train", "rl", "--resume", shortRun, "--epochs", "4", "--threads", "2"]));
        Assert.Equal(0, EggrollCli.Run(["train", "rl", "--epochs", "4", "--out", longRun, .. common]));

        var resumed = RunCheckpoint.Load(Path.Combine(shortRun, "checkpoint"));
        var straight = RunCheckpoint.Load(Path.Combine(longRun, "checkpoint"));
        Assert.Contains("objective.obs_norm.variance", straight.Tensors.ByName.Keys);
        Assert.Equal(straight.Tensors.ByName.Keys.Order(), resumed.Tensors.ByName.Keys.Order());
        foreach (var (name, tensor) in straight.Tensors.ByName)
        {
            Assert.Equal(tensor.Bytes, resumed.Tensors.ByName[name].Bytes);
        }
    }

    [Fact]
    public void EnvRolloutPrintsOneJsonLinePerStepFromTheGivenState()
    {
        string actions = Path.Combine(directory, "actions.txt");
        File.WriteAllText(actions, "1\n0\n\n1\n");
        var output = new StringWriter();
        var saved = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, EggrollCli.Run(["env", "rollout", "--env", "CartPole-v1", "--state", "0.01,-0.02,0.03,0.04", "--actions", actions]));
        }
        finally
        {
            Console.SetOut(saved);
        }

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("{\"step\":1,\"observation\":[0.0096,0.17467919,0.0308,-0.24306872],\"reward\":1,\"terminated\":false,\"truncated\":false}", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void RlSuiteWritesTableJsonAndFigure()
    {
        string output = Path.Combine(directory, "suite");

        Assert.Equal(0, EggrollCli.Run(["experiment", "rl-suite", "--budget", "3000", "--seeds", "1", "--envs", "CartPole-v1,acrobot-v1", "--methods", "eggroll,OpenES", "--out", output]));

        string table = File.ReadAllText(Path.Combine(output, "rl-suite.md"));
        Assert.Contains("| Acrobot-v1 | -100 | OpenES |", table, StringComparison.Ordinal);
        Assert.Contains("--envs CartPole-v1,Acrobot-v1 --methods eggroll,openes", table, StringComparison.Ordinal);
        Assert.Contains("EGGROLL vs OpenES: better on ", table, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(output, "rl-suite.png")).Length > 1000);
        var expected = RlSuite.Run(new RlSuiteOptions { Budget = 3000, Seeds = 1, Environments = ["CartPole-v1", "Acrobot-v1"], Methods = [RlSuiteMethod.Eggroll, RlSuiteMethod.OpenEs] }, _ => { });
        var runs = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "rl-suite.json")))!["runs"]!.AsArray();
        Assert.Equal(4, expected.Runs.Count);
        Assert.Equal(expected.Runs.Count, runs.Count);
        for (int i = 0; i < runs.Count; i++)
        {
            Assert.Equal(expected.Runs[i].Environment, runs[i]!["environment"]!.GetValue<string>());
            Assert.Equal(expected.Runs[i].Strategy, runs[i]!["strategy"]!.GetValue<string>());
            Assert.Equal(expected.Runs[i].EvalMean, runs[i]!["evalMean"]!.GetValue<double>());
            Assert.Equal(expected.Runs[i].EvalStd, runs[i]!["evalStd"]!.GetValue<double>());
            Assert.Equal(expected.Runs[i].EnvironmentSteps, runs[i]!["environmentSteps"]!.GetValue<long>());
        }
    }

    [Theory]
    [InlineData("experiment", "rl-suite", "--envs", "Pong-v5")]
    [InlineData("train", "rl", "--env", "Pong-v5")]
    [InlineData("train", "rl", "--set", "env.episodesPerMember=0")]
    [InlineData("train", "rl", "--set", "env.squash=\"cube\"")]
    [InlineData("env", "rollout", "--env", "Acrobot-v1", "--state", "1,2", "--actions", "missing.txt")]
    [InlineData("eval", "rl", "--checkpoint", "no-such-run")]
    public void BadInputIsAOneLineUserErrorNamingTheValue(params string[] args)
    {
        var run = CapturedRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.ErrorLine, StringComparison.Ordinal);
        Assert.Contains(BadValue(args[^1]), run.ErrorLine, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(run.Output);
    }

    /// <summary>What the error must name: the value after "=" of a --set, else the value itself.</summary>
    private static string BadValue(string value) => value.Contains('=') ? value[(value.IndexOf('=') + 1)..].Trim('"') : value;

    [Fact]
    public void RolloutRejectsAStateOfTheWrongLengthAndBadActions()
    {
        string actions = Path.Combine(directory, "bad.txt");
        File.WriteAllText(actions, "0\n2\n");

        Assert.Equal(2, EggrollCli.Run(["env", "rollout", "--env", "CartPole-v1", "--actions", actions]));
        File.WriteAllText(actions, "0\n");
        Assert.Equal(2, EggrollCli.Run(["env", "rollout", "--env", "Pendulum-v1", "--state", "1,2,3", "--actions", actions]));
    }
}
