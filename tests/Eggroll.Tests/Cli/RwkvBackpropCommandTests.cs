using System.Text.Json;
using Eggroll.Cli;
using Eggroll.Tests.Integer;
using Eggroll.Training;

namespace Eggroll.Tests.Cli;

/// <summary><c>train lm --model rwkv7 --method backprop</c> end to end.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class RwkvBackpropCommandTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;
    private readonly string data;

    public RwkvBackpropCommandTests(TemporaryDirectory temporary)
    {
        directory = temporary.CreateSubdirectory();
        data = Path.Combine(directory, "sample.txt");
        File.WriteAllBytes(data, SampleText.Bytes);
    }

    private string[] Tiny => [.. TinyWithoutBatch, "--batch-size", "4"];

    private string[] TinyWithoutBatch =>
    [
        "--data", data, "--model", "rwkv7", "--method", "backprop", "--model-width", "16", "--model-layers", "2", "--head-size", "8",
        "--sequence-length", "8", "--validate-every", "3", "--validation-bytes", "64", "--checkpoint-every", "3",
        "--set", "backprop.optimizer.learningRate=0.01",
    ];

    [Fact]
    public void Resumed_two_thread_training_equals_one_straight_one_thread_run_and_lowers_the_loss()
    {
        var (shortRun, longRun) = ResumedLmRuns.Train(Tiny, directory, 4, 8);

        var resumed = ResumedLmRuns.Checkpoint(shortRun);
        var straight = ResumedLmRuns.Checkpoint(longRun);
        Assert.Equal(8, resumed.State.Epoch);
        Assert.Equal("rwkv7-lm-backprop", resumed.State.Kind);
        Assert.Equal(ResumedLmRuns.Tensors(straight), ResumedLmRuns.Tensors(resumed));
        Assert.Contains(straight.Tensors.ByName.Keys, k => k.StartsWith("optimizer.second.", StringComparison.Ordinal));
        var lines = File.ReadLines(Path.Combine(longRun, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(8, lines.Length);
        Assert.All(lines, l => Assert.Equal(32, l.GetProperty("tokens").GetInt64()));
        Assert.Contains(lines, l => l.TryGetProperty("validationBitsPerByte", out _));
        double first = lines[0].GetProperty("trainBitsPerByte").GetDouble();
        double last = lines[^2..].Average(l => l.GetProperty("trainBitsPerByte").GetDouble());
        Assert.True(last < first - 0.5, $"train bits/byte went from {first} to {last}");
        var resumedLines = File.ReadLines(Path.Combine(shortRun, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("trainBitsPerByte").GetDouble());
        Assert.Equal(lines.Select(l => l.GetProperty("trainBitsPerByte").GetDouble()), resumedLines);

        var generated = CapturedRun.Of(["lm", "generate", "--model", longRun, "--prompt", "The ", "--max-tokens", "5", "--temperature", "0"]);
        Assert.Equal(0, generated.ExitCode);
    }

    [Fact]
    public void Backprop_options_out_of_range_and_backprop_of_the_int8_model_are_one_line_errors()
    {
        AssertUserError(["train", "lm", "--data", data, "--method", "backprop", "--out", Path.Combine(directory, "egg")], "method");
        AssertUserError(["train", "lm", .. TinyWithoutBatch, "--batch-size", "0", "--out", Path.Combine(directory, "zero")], "backprop.batchSize");
        AssertUserError(["train", "lm", .. Tiny, "--set", "backprop.maxGradNorm=-1", "--out", Path.Combine(directory, "clip")], "backprop.maxGradNorm");
        AssertUserError(["train", "lm", .. Tiny, "--set", "backprop.optimizer.beta2=1", "--out", Path.Combine(directory, "beta")], "backprop.optimizer.beta2");
    }

    [Fact]
    public void Compare_plots_two_runs_and_tabulates_their_validations_by_wall_time()
    {
        string a = Path.Combine(directory, "compare-a"), b = Path.Combine(directory, "compare-b"), png = Path.Combine(directory, "compare.png");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        File.WriteAllLines(Path.Combine(a, "metrics.jsonl"),
        [
            """{"epoch":1,"trainBitsPerByte":8,"tokens":100,"seconds":20,"elapsedSeconds":30,"validationBitsPerByte":7.5}""",
            """{"epoch":2,"trainBitsPerByte":7,"tokens":100,"seconds":50,"elapsedSeconds":90,"validationBitsPerByte":6.25}""",
        ]);
        File.WriteAllLines(Path.Combine(b, "metrics.jsonl"), ["""{"epoch":1,"trainBitsPerByte":6,"tokens":10,"seconds":1,"elapsedSeconds":130}"""]);

        var run = CapturedRun.Of(["lm", "compare", "--run", $"es={a}", "--run", $"bp={b}", "--out", png]);

        Assert.Equal(0, run.ExitCode);
        Assert.True(new FileInfo(png).Length > 0);
        Assert.Contains("| es | 2 | 200 | 90.0 | 70.0 | 7.500 | 6.250 | 6.250 | 7.000 |", run.Output);
        Assert.Contains("| bp | 1 | 10 | 130.0 | 1.0 | – | – | – | 6.000 |", run.Output);
        AssertUserError(["lm", "compare", "--run", Path.Combine(directory, "absent"), "--out", png], "LABEL=RUN_DIR");
        AssertUserError(["lm", "compare", "--run", $"x={Path.Combine(directory, "absent")}", "--out", png], "metrics.jsonl");
    }

    private static void AssertUserError(string[] args, string named)
    {
        var run = CapturedRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.ErrorLine);
    }
}
