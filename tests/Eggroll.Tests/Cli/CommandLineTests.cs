using System.Globalization;
using System.Text.RegularExpressions;
using Eggroll.Cli;
using Eggroll.IO;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;

namespace Eggroll.Tests.Cli;

/// <summary>The <c>eggroll</c> verbs end to end, on short runs.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class CommandLineTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public CommandLineTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void TrainWritesConfigMetricsAndCheckpointThenEvalPrintsTheCheckpointedModelsTestLoss()
    {
        string run = Path.Combine(directory, "run");

        int trained = EggrollCli.Run(["train", "--epochs", "12", "--population", "32", "--checkpoint-every", "5", "--out", run]);
        var evaluated = CapturedRun.Of(["eval", "--checkpoint", run]);

        Assert.Equal(0, trained);
        Assert.Equal(0, evaluated.ExitCode);
        Assert.True(File.Exists(Path.Combine(run, "config.json")));
        Assert.Equal(12, File.ReadLines(Path.Combine(run, "metrics.jsonl")).Count());
        var checkpoint = RunCheckpoint.Load(Path.Combine(run, "checkpoint"));
        Assert.Equal(12, checkpoint.State.Epoch);
        var restored = SupervisedRun.Create(ConfigLoader.FromNode<SupervisedRunConfig>(checkpoint.State.Run!, checkpoint.StatePath));
        double untrained = SupervisedEvaluation.Evaluate(restored.Model, restored.Test).Loss;
        RunCheckpoint.Restore(restored.CreateTrainer(), checkpoint);
        double expected = SupervisedEvaluation.Evaluate(restored.Model, restored.Test).Loss;
        var printed = Regex.Match(evaluated.Output, @"\(epoch 12, task Regression\): test mse (?<loss>[0-9.]+)\s*$");
        Assert.True(printed.Success, evaluated.Output);
        Assert.Equal(expected, double.Parse(printed.Groups["loss"].Value, CultureInfo.InvariantCulture), 5);
        Assert.True(Math.Abs(expected - untrained) > 1e-3, $"trained {expected}, untrained {untrained}");
    }

    [Fact]
    public void ResumeExtendsARunExactlyAsOneLongerRun()
    {
        string shortRun = Path.Combine(directory, "short"), longRun = Path.Combine(directory, "long");
        string[] common = ["--population", "16", "--threads", "1"];

        Assert.Equal(0, EggrollCli.Run(["train", "--epochs", "6", "--out", shortRun, .. common]));
        Assert.Equal(0, EggrollCli.Run(["train", "--resume", shortRun, "--epochs", "10", "--threads", "2"]));
        Assert.Equal(0, EggrollCli.Run(["train", "--epochs", "10", "--out", longRun, .. common]));

        var resumed = RunCheckpoint.Load(Path.Combine(shortRun, "checkpoint"));
        var straight = RunCheckpoint.Load(Path.Combine(longRun, "checkpoint"));
        Assert.Equal(10, resumed.State.Epoch);
        Assert.Equal(straight.Tensors.ByName.Keys.Order(), resumed.Tensors.ByName.Keys.Order());
        foreach (var (name, tensor) in straight.Tensors.ByName)
        {
            Assert.Equal(tensor.Bytes, resumed.Tensors.ByName[name].Bytes);
        }

        Assert.Equal(10, File.ReadLines(Path.Combine(shortRun, "metrics.jsonl")).Count());
    }

    [Fact]
    public void ResumeRefusesToChangeTheTrajectory()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, EggrollCli.Run(["train", "--epochs", "2", "--population", "8", "--out", run]));

        byte[] state = File.ReadAllBytes(Path.Combine(run, "checkpoint", RunCheckpoint.StateFileName));

        var refused = CapturedRun.Of(["train", "--resume", run, "--sigma", "0.5"]);

        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("error: ", refused.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("sigma", refused.ErrorLine, StringComparison.Ordinal);
        Assert.Equal(state, File.ReadAllBytes(Path.Combine(run, "checkpoint", RunCheckpoint.StateFileName)));
        Assert.Equal(2, File.ReadLines(Path.Combine(run, "metrics.jsonl")).Count());
    }

    [Fact]
    public void ResumeRefusesAConfigFileInsteadOfIgnoringIt()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, EggrollCli.Run(["train", "--epochs", "2", "--population", "8", "--out", run]));
        string config = Path.Combine(directory, "other.json");
        File.WriteAllText(config, """{ "evolution": { "sigma": 0.5 } }""");
        byte[] state = File.ReadAllBytes(Path.Combine(run, "checkpoint", RunCheckpoint.StateFileName));

        Assert.Equal(2, EggrollCli.Run(["train", "--resume", run, "--config", config, "--epochs", "3"]));
        Assert.Equal(2, EggrollCli.Run(["train", "rl", "--resume", run, "--config", config]));
        Assert.Equal(state, File.ReadAllBytes(Path.Combine(run, "checkpoint", RunCheckpoint.StateFileName)));
    }

    [Fact]
    public void StartingOverAnExistingCheckpointIsRefused()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, EggrollCli.Run(["train", "--epochs", "2", "--population", "8", "--out", run]));
        byte[] state = File.ReadAllBytes(Path.Combine(run, "checkpoint", RunCheckpoint.StateFileName));

        Assert.Equal(2, EggrollCli.Run(["train", "--epochs", "2", "--population", "8", "--out", run]));
        Assert.Equal(state, File.ReadAllBytes(Path.Combine(run, "checkpoint", RunCheckpoint.StateFileName)));
    }

    [Theory]
    [InlineData("--population", "7")]
    [InlineData("--sigma", "abc")]
    [InlineData("--strategy", "cma")]
    public void BadOptionsExitWithAUserError(string option, string value)
    {
        Assert.Equal(2, EggrollCli.Run(["train", option, value, "--out", Path.Combine(directory, "bad")]));
        Assert.False(Directory.Exists(Path.Combine(directory, "bad")));
    }

    [Fact]
    public void EvalOfATamperedCheckpointExitsWithAUserError()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, EggrollCli.Run(["train", "--epochs", "2", "--population", "8", "--out", run]));
        string tensors = Directory.GetFiles(Path.Combine(run, "checkpoint"), "*.safetensors").Single();
        File.WriteAllBytes(tensors, File.ReadAllBytes(tensors)[..100]);

        Assert.Equal(2, EggrollCli.Run(["eval", "--checkpoint", run]));
    }
}
