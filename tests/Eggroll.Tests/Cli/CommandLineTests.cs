using Eggroll.Cli;
using Eggroll.Training;

namespace Eggroll.Tests.Cli;

/// <summary>The <c>eggroll</c> verbs end to end, on short runs.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class CommandLineTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public CommandLineTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void TrainWritesConfigMetricsAndCheckpointThenEvalReadsIt()
    {
        string run = Path.Combine(directory, "run");

        int trained = EggrollCli.Run(["train", "--epochs", "12", "--population", "32", "--checkpoint-every", "5", "--out", run]);
        int evaluated = EggrollCli.Run(["eval", "--checkpoint", run]);

        Assert.Equal(0, trained);
        Assert.Equal(0, evaluated);
        Assert.True(File.Exists(Path.Combine(run, "config.json")));
        Assert.Equal(12, File.ReadLines(Path.Combine(run, "metrics.jsonl")).Count());
        Assert.Equal(12, CheckpointStore.Load(Path.Combine(run, "checkpoint")).State.Epoch);
    }

    [Fact]
    public void ResumeExtendsARunExactlyAsOneLongerRun()
    {
        string shortRun = Path.Combine(directory, "short"), longRun = Path.Combine(directory, "long");
        string[] common = ["--population", "16", "--threads", "1"];

        Assert.Equal(0, EggrollCli.Run(["train", "--epochs", "6", "--out", shortRun, .. common]));
        Assert.Equal(0, EggrollCli.Run(["train", "--resume", shortRun, "--epochs", "10", "--threads", "2"]));
        Assert.Equal(0, EggrollCli.Run(["train", "--epochs", "10", "--out", longRun, .. common]));

        var resumed = CheckpointStore.Load(Path.Combine(shortRun, "checkpoint"));
        var straight = CheckpointStore.Load(Path.Combine(longRun, "checkpoint"));
        Assert.Equal(10, resumed.State.Epoch);
        Assert.Equal(straight.Tensors.Keys.Order(), resumed.Tensors.Keys.Order());
        foreach (var (name, tensor) in straight.Tensors)
        {
            Assert.Equal(tensor.Values, resumed.Tensors[name].Values);
        }

        Assert.Equal(10, File.ReadLines(Path.Combine(shortRun, "metrics.jsonl")).Count());
    }

    [Fact]
    public void ResumeRefusesToChangeTheTrajectory()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, EggrollCli.Run(["train", "--epochs", "2", "--population", "8", "--out", run]));

        Assert.Equal(2, EggrollCli.Run(["train", "--resume", run, "--sigma", "0.5"]));
    }

    [Fact]
    public void ResumeRefusesAConfigFileInsteadOfIgnoringIt()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, EggrollCli.Run(["train", "--epochs", "2", "--population", "8", "--out", run]));
        string config = Path.Combine(directory, "other.json");
        File.WriteAllText(config, """{ "evolution": { "sigma": 0.5 } }""");
        byte[] state = File.ReadAllBytes(Path.Combine(run, "checkpoint", CheckpointStore.StateFileName));

        Assert.Equal(2, EggrollCli.Run(["train", "--resume", run, "--config", config, "--epochs", "3"]));
        Assert.Equal(2, EggrollCli.Run(["train", "rl", "--resume", run, "--config", config]));
        Assert.Equal(state, File.ReadAllBytes(Path.Combine(run, "checkpoint", CheckpointStore.StateFileName)));
    }

    [Fact]
    public void StartingOverAnExistingCheckpointIsRefused()
    {
        string run = Path.Combine(directory, "run");
        Assert.Equal(0, EggrollCli.Run(["train", "--epochs", "2", "--population", "8", "--out", run]));
        byte[] state = File.ReadAllBytes(Path.Combine(run, "checkpoint", CheckpointStore.StateFileName));

        Assert.Equal(2, EggrollCli.Run(["train", "--epochs", "2", "--population", "8", "--out", run]));
        Assert.Equal(state, File.ReadAllBytes(Path.Combine(run, "checkpoint", CheckpointStore.StateFileName)));
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
