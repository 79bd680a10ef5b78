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

    /// <summary>
    /// Pendulum never terminates and is truncated at 200 steps, so an epoch of <see cref="Small"/> (population 8,
    /// the environment's 4 episodes per member) takes exactly this many environment steps.
    /// </summary>
    private const double PendulumEpochSteps = 8 * 4 * 200;

    private readonly string directory;

    public RlCommandLineTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void TrainRlWritesMetricsPlotCheckpointAndEvalThenEvalRlPrintsTheCheckpointedPolicysReturn()
    {
        string run = Path.Combine(directory, "pendulum");

        var trained = CapturedRun.Of(["train", "rl", "--env", "Pendulum-v1", "--epochs", "3", "--out", run, .. Small]);
        var evaluated = CapturedRun.Of(["eval", "rl", "--checkpoint", run, "--episodes", "3", "--seed", "17"]);

        Assert.Equal(0, trained.ExitCode);
        Assert.Equal(0, evaluated.ExitCode);
        Assert.True(new FileInfo(Path.Combine(run, "learning-curve.png")).Length > 1000);
        Assert.Contains("Pendulum-v1", File.ReadAllText(Path.Combine(run, "config.json")), StringComparison.Ordinal);
        var (restored, job) = Restore(run);
        Assert.Equal(PendulumEpochSteps * 3, AssertPendulumMetrics(Path.Combine(run, "metrics.jsonl"), epochs: 3));

        var atEnd = restored.Evaluate(job, 5, restored.Config.Training.Seed);
        var eval = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "eval.json")))!;
        Assert.Equal(atEnd.Mean, eval["mean"]!.GetValue<double>());
        Assert.Equal(atEnd.StandardDeviation, eval["standardDeviation"]!.GetValue<double>());
        Assert.Equal(5, eval["episodes"]!.GetValue<int>());
        Assert.Equal(PendulumEpochSteps * 3, eval["environmentSteps"]!.GetValue<double>());
        Assert.Contains($"eval: return {atEnd.Mean:F1} ± {atEnd.StandardDeviation:F1} over 5 episodes", trained.Output, StringComparison.Ordinal);

        var expected = restored.Evaluate(job, 3, 17);
        var printed = Regex.Match(evaluated.Output, @"\(epoch 3\): return (?<mean>-?[0-9.]+) ± (?<std>[0-9.]+) over 3 episodes");
        Assert.True(printed.Success, evaluated.Output);
        Assert.Equal(Math.Round(expected.Mean, 1), double.Parse(printed.Groups["mean"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(Math.Round(expected.StandardDeviation, 1), double.Parse(printed.Groups["std"].Value, CultureInfo.InvariantCulture));
        Assert.True(expected.StandardDeviation > 0);
        Assert.NotEqual(atEnd.Mean, expected.Mean);
    }

    /// <summary>
    /// Checks every line of a Pendulum run's metrics: epochs numbered from 1, steps of a whole epoch, scores ordered
    /// min ≤ mean ≤ max within the range of returns Pendulum allows (each step's reward lies in [-16.28, 0]) and a
    /// throughput that is steps over seconds. Returns the environment steps of the whole run.
    /// </summary>
    private static double AssertPendulumMetrics(string path, int epochs)
    {
        var lines = File.ReadLines(path).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(epochs, lines.Count);
        for (int i = 0; i < epochs; i++)
        {
            var line = lines[i];
            double min = line["scoreMin"]!.GetValue<double>(), mean = line["scoreMean"]!.GetValue<double>(), max = line["scoreMax"]!.GetValue<double>();
            double rows = line["rows"]!.GetValue<double>(), seconds = line["seconds"]!.GetValue<double>();
            Assert.Equal(i + 1, line["epoch"]!.GetValue<long>());
            Assert.Equal(PendulumEpochSteps, rows);
            Assert.Equal(0, line["nonFiniteScores"]!.GetValue<int>());
            Assert.True(-16.28 * 200 <= min && min <= mean && mean <= max && max <= 0, line.ToJsonString());
            Assert.True(min < max, line.ToJsonString());
            Assert.Equal(rows / seconds, line["rowsPerSecond"]!.GetValue<double>(), 1e-6 * rows / seconds);
        }

        return lines.Sum(line => line["rows"]!.GetValue<double>());
    }

    /// <summary>The run of a <c>train rl</c> directory and its job, restored from its checkpoint through the library rather than the command line.</summary>
    private static (RlRun Run, ITrainingJob Job) Restore(string run)
    {
        var checkpoint = RunCheckpoint.Load(Path.Combine(run, "checkpoint"));
        var restored = RlRun.Create(ConfigLoader.FromNode<RlRunConfig>(checkpoint.State.Run!, checkpoint.StatePath));
        var job = restored.CreateJob();
        RunCheckpoint.Restore(job, checkpoint);
        return (restored, job);
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

        Assert.Equal(UntimedMetrics(longRun), UntimedMetrics(shortRun));
        Assert.Equal(4, UntimedMetrics(longRun).Count);
    }

    /// <summary>Each metrics line of a run without the fields that measure time, which two equal runs need not share.</summary>
    private static List<string> UntimedMetrics(string run) => File.ReadLines(Path.Combine(run, "metrics.jsonl")).Select(line =>
    {
        var metrics = JsonNode.Parse(line)!.AsObject();
        Assert.True(metrics.Remove("seconds") && metrics.Remove("rowsPerSecond") && metrics.Remove("elapsedSeconds"), line);
        return metrics.ToJsonString();
    }).ToList();

    [Fact]
    public void EnvRolloutPrintsOneJsonLinePerStepFromTheGivenState()
    {
        string actions = Path.Combine(directory, "actions.txt");
        File.WriteAllText(actions, "1\n0\n\n1\n");

        var run = CapturedRun.Of(["env", "rollout", "--env", "CartPole-v1", "--state", "0.01,-0.02,0.03,0.04", "--actions", actions]);

        Assert.Equal(0, run.ExitCode);
        string[] lines = Lines(run.Output);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("{\"step\":1,\"observation\":[0.0096,0.17467919,0.0308,-0.24306872],\"reward\":1,\"terminated\":false,\"truncated\":false}", lines[1], StringComparison.Ordinal);
        var env = EnvironmentRegistry.Find("CartPole-v1")!.Create();
        var observation = new float[env.ObservationSpace.Size];
        env.SetState([0.01, -0.02, 0.03, 0.04], observation);
        AssertRolloutMatches(lines, env, observation, [[1f], [0f], [1f]]);
    }

    [Fact]
    public void EnvRolloutFromASeedStepsTheEnvironmentsOwnResetAndStopsWhenTheEpisodeEnds()
    {
        string torques = Path.Combine(directory, "torques.txt");
        File.WriteAllText(torques, "0.5\n-2\n1.25\n");
        string pushes = Path.Combine(directory, "pushes.txt");
        File.WriteAllText(pushes, string.Concat(Enumerable.Repeat("1\n", 10)));

        var pendulum = CapturedRun.Of(["env", "rollout", "--env", "pendulum-v1", "--seed", "42", "--actions", torques]);
        var falling = CapturedRun.Of(["env", "rollout", "--env", "CartPole-v1", "--state", "2.39,1,0,0", "--actions", pushes]);

        var env = EnvironmentRegistry.Find("Pendulum-v1")!.Create();
        var observation = new float[env.ObservationSpace.Size];
        env.Reset(42, observation);
        AssertRolloutMatches(Lines(pendulum.Output), env, observation, [[0.5f], [-2f], [1.25f]]);
        string[] fell = Lines(falling.Output);
        Assert.Equal(2, fell.Length);
        Assert.True(JsonNode.Parse(fell[1])!["terminated"]!.GetValue<bool>(), fell[1]);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Checks rollout lines against <paramref name="env"/> stepped directly from the state whose observation is
    /// <paramref name="observation"/>: line 0 is that observation, line i the observation, reward and flags of step i.
    /// </summary>
    private static void AssertRolloutMatches(string[] lines, IEnvironment env, float[] observation, float[][] actions)
    {
        Assert.Equal(actions.Length + 1, lines.Length);
        for (int step = 0; step < lines.Length; step++)
        {
            var line = JsonNode.Parse(lines[step])!;
            Assert.Equal(step, line["step"]!.GetValue<int>());
            if (step > 0)
            {
                var result = env.Step(actions[step - 1], observation);
                Assert.Equal((float)result.Reward, line["reward"]!.GetValue<float>());
                Assert.Equal(result.Terminated, line["terminated"]!.GetValue<bool>());
                Assert.Equal(result.Truncated, line["truncated"]!.GetValue<bool>());
            }

            Assert.Equal(observation, line["observation"]!.AsArray().Select(v => v!.GetValue<float>()));
        }
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
        Assert.All(["CartPole-v1", "Acrobot-v1"], env => Assert.True(new FileInfo(Path.Combine(output, $"rl-suite-{env}.png")).Length > 1000));
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

    [Fact]
    public void PlotRlSuiteDrawsTheSameFiguresAgainFromTheSuitesJson()
    {
        string suite = Path.Combine(directory, "suite-to-plot"), replotted = Path.Combine(directory, "replotted");
        Assert.Equal(0, EggrollCli.Run(["experiment", "rl-suite", "--budget", "2000", "--seeds", "1", "--envs", "CartPole-v1,Pendulum-v1", "--methods", "eggroll", "--out", suite]));

        Assert.Equal(0, EggrollCli.Run(["plot", "rl-suite", Path.Combine(suite, "rl-suite.json"), "--out", replotted]));

        Assert.All(
            ["rl-suite.png", "rl-suite-CartPole-v1.png", "rl-suite-Pendulum-v1.png"],
            figure => Assert.Equal(File.ReadAllBytes(Path.Combine(suite, figure)), File.ReadAllBytes(Path.Combine(replotted, figure))));
    }

    [Theory]
    [InlineData("{}", "is not an rl-suite.json with runs and their curves")]
    [InlineData("""{ "runs": [] }""", "is not an rl-suite.json with runs and their curves")]
    [InlineData("""{ "runs": [ { "environment": "Pong-v5", "strategy": "OpenES", "steps": [1], "meanReturns": [2] } ] }""", "names an unknown environment 'Pong-v5'")]
    [InlineData("""{ "runs": [ { "environment": "CartPole-v1", "strategy": "OpenES", "steps": [1, 2], "meanReturns": [2] } ] }""", "is not an rl-suite.json with runs and their curves")]
    [InlineData("not json", "cannot be read as an rl-suite.json: ")]
    public void PlotRlSuiteRefusesAFileThatIsNotASuitesJsonWithOneLine(string json, string problem)
    {
        string path = Path.Combine(directory, "not-a-suite.json");
        File.WriteAllText(path, json);

        var run = CapturedRun.Of(["plot", "rl-suite", path, "--out", Path.Combine(directory, "not-plotted")]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: SUITE_JSON: {path} ", run.ErrorLine, StringComparison.Ordinal);
        Assert.Contains(problem, run.ErrorLine, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory, "not-plotted")));
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

        var outOfRange = CapturedRun.Of(["env", "rollout", "--env", "CartPole-v1", "--actions", actions]);
        File.WriteAllText(actions, "0\n");
        var longState = CapturedRun.Of(["env", "rollout", "--env", "Pendulum-v1", "--state", "1,2,3", "--actions", actions]);

        Assert.Equal((2, ""), (outOfRange.ExitCode, outOfRange.Output));
        Assert.StartsWith($"error: {actions}:2", outOfRange.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("[0, 2), got 2", outOfRange.ErrorLine, StringComparison.Ordinal);
        Assert.Equal((2, ""), (longState.ExitCode, longState.Output));
        Assert.Contains("--state", longState.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("2 values, got 3", longState.ErrorLine, StringComparison.Ordinal);
    }
}
