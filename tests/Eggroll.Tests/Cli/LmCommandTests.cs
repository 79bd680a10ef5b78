using Eggroll.Cli;
using Eggroll.Integer;
using Eggroll.Tests.Integer;

namespace Eggroll.Tests.Cli;

/// <summary><c>eggroll train lm</c>, <c>lm baselines</c> and <c>lm sample</c> end to end on the sample text.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class LmCommandTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;
    private readonly string data;

    public LmCommandTests(TemporaryDirectory temporary)
    {
        directory = temporary.CreateSubdirectory();
        data = Path.Combine(directory, "sample.txt");
        File.WriteAllBytes(data, SampleText.Bytes);
    }

    private string[] Tiny => Args();

    /// <summary>The options of a tiny run, with some replaced by (option, value) pairs.</summary>
    private string[] Args(params string[] replacements)
    {
        var options = new Dictionary<string, string>
        {
            ["--data"] = data, ["--width"] = "8", ["--layers"] = "1", ["--population"] = "8", ["--sequence-length"] = "16",
            ["--validate-every"] = "2", ["--validation-bytes"] = "100", ["--checkpoint-every"] = "2",
        };
        for (int i = 0; i < replacements.Length; i += 2)
        {
            options[replacements[i]] = replacements[i + 1];
        }

        return options.SelectMany(o => new[] { o.Key, o.Value }).ToArray();
    }

    [Fact]
    public void Resume_continues_a_run_exactly_as_one_longer_run()
    {
        string shortRun = Path.Combine(directory, "short"), longRun = Path.Combine(directory, "long");

        Assert.Equal(0, EggrollCli.Run(["train", "lm", .. Tiny, "--epochs", "3", "--out", shortRun, "--threads", "1"]));
        Assert.Equal(0, EggrollCli.Run(["train", "lm", "--resume", shortRun, "--epochs", "5"]));
        Assert.Equal(0, EggrollCli.Run(["train", "lm", .. Tiny, "--epochs", "5", "--out", longRun]));

        Assert.Equal(5, File.ReadLines(Path.Combine(shortRun, "metrics.jsonl")).Count());
        var resumed = EggCheckpoint.Load(Path.Combine(shortRun, "checkpoint"));
        var straight = EggCheckpoint.Load(Path.Combine(longRun, "checkpoint"));
        Assert.Equal(5, resumed.Epoch);
        Assert.Equal(straight.Model.Parameters.Select(p => p.Values), resumed.Model.Parameters.Select(p => p.Values));
        Assert.Equal(0, EggrollCli.Run(["lm", "sample", "--checkpoint", longRun, "--bytes", "20"]));
    }

    [Fact]
    public void Baselines_run_on_any_text_file() => Assert.Equal(0, EggrollCli.Run(["lm", "baselines", "--data", data]));

    [Theory]
    [InlineData("--population", "3")]
    [InlineData("--alpha", "0")]
    [InlineData("--width", "6")]
    [InlineData("--data", "missing.txt")]
    public void Bad_input_is_a_user_error(string option, string value)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, EggrollCli.Run(["train", "lm", .. Args(option, value), "--out", Path.Combine(directory, "bad")]));
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.StartsWith("error: ", error.ToString());
    }
}
