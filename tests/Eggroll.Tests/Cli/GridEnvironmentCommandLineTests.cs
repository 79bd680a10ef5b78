using System.Text.Json;
using Eggroll.Cli;
using Eggroll.IO;
using Eggroll.Training;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments.MiniGrid;

namespace Eggroll.Tests.Cli;

/// <summary>The grid and puzzle environments through the command line: <c>env rollout</c>, <c>train rl --help</c> and a short <c>train rl</c>.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class GridEnvironmentCommandLineTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public GridEnvironmentCommandLineTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void EnvRolloutPlays2048FromTheGivenBoard()
    {
        string actions = Path.Combine(directory, "left.txt");
        File.WriteAllText(actions, "3\n3\n");
        string state = "7,0," + string.Join(",", new[] { 1, 1, 1, 1 }.Concat(Enumerable.Repeat(0, 12)));

        var run = CapturedRun.Of(["env", "rollout", "--env", "game2048-v1", "--state", state, "--actions", actions]);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal([1f, 1f, 1f, 1f, 0f], lines[0].GetProperty("observation").EnumerateArray().Take(5).Select(v => v.GetSingle()));
        Assert.Equal(8, lines[1].GetProperty("reward").GetDouble());
        Assert.Equal([2f, 2f], lines[1].GetProperty("observation").EnumerateArray().Take(2).Select(v => v.GetSingle()));
        Assert.Equal(8, lines[2].GetProperty("reward").GetDouble());
        Assert.Equal(3f, lines[2].GetProperty("observation")[0].GetSingle());
        Assert.False(lines[2].GetProperty("terminated").GetBoolean());
    }

    [Fact]
    public void AStateThatBreaksTheLayoutIsAOneLineErrorNamingTheValue()
    {
        string actions = Path.Combine(directory, "one.txt");
        File.WriteAllText(actions, "0\n");
        string state = "0,0,20," + string.Join(",", Enumerable.Repeat(0, 15));

        var run = CapturedRun.Of(["env", "rollout", "--env", "Game2048-v1", "--state", state, "--actions", actions]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --state: state value tile 0 must be a whole number in [0, 17], got 20.", run.ErrorLine);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void TrainRlHelpNamesEveryEnvironment()
    {
        var run = CapturedRun.Of(["train", "rl", "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.All(EnvironmentRegistry.All, e => Assert.Contains(e.Name, run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void AShortGridRunIsTheSameOnOneAndTwoThreads()
    {
        string one = Path.Combine(directory, "one-thread"), two = Path.Combine(directory, "two-threads");
        string[] common = ["train", "rl", "--env", DynamicObstacles.Name, "--epochs", "2", "--population", "8", "--set", "model.hidden=[8,8,8]", "--set", "env.evalEpisodes=4"];

        Assert.Equal(0, EggrollCli.Run([.. common, "--out", one, "--threads", "1"]));
        Assert.Equal(0, EggrollCli.Run([.. common, "--out", two, "--threads", "2"]));

        var first = RunCheckpoint.Load(Path.Combine(one, "checkpoint"));
        var second = RunCheckpoint.Load(Path.Combine(two, "checkpoint"));
        Assert.Contains("objective.obs_norm.variance", first.Tensors.ByName.Keys);
        Assert.Equal(first.Tensors.ByName.Keys.Order(), second.Tensors.ByName.Keys.Order());
        Assert.All(first.Tensors.ByName, t => Assert.Equal(t.Value.Bytes, second.Tensors.ByName[t.Key].Bytes));
        Assert.Equal(Evaluation(one), Evaluation(two));
    }

    private static (double Mean, double Std, long Steps) Evaluation(string run)
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "eval.json"))).RootElement;
        return (root.GetProperty("mean").GetDouble(), root.GetProperty("standardDeviation").GetDouble(), root.GetProperty("environmentSteps").GetInt64());
    }
}
