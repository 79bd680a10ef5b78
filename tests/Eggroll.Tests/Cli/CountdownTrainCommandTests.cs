using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.Cli;
using Eggroll.IO;
using Eggroll.Models.Rwkv;
using Eggroll.Tasks.Countdown;
using Eggroll.Tests.Rwkv;
using Eggroll.Training;

namespace Eggroll.Tests.Cli;

/// <summary><c>countdown corpus</c>, <c>countdown train</c> and <c>countdown eval</c> end to end on a tiny byte-level model.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class CountdownTrainCommandTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;
    private readonly string model;

    public CountdownTrainCommandTests(TemporaryDirectory temporary)
    {
        directory = temporary.CreateSubdirectory();
        model = Path.Combine(directory, "base.safetensors");
        using var stream = File.Create(model);
        SafeTensors.WriteRaw(stream, RwkvModel.FromStateDict(RwkvCheckpoint.Random(RwkvCheckpoint.Tiny with { Vocabulary = 256 }, 8)).ToStateDict());
    }

    private string[] Tiny =>
    [
        "countdown", "train", "--model", model, "--population", "4", "--group-size", "2", "--prompts-per-group", "1", "--sigma", "0.3",
        "--max-tokens", "6", "--validation-count", "3", "--validate-every", "2", "--checkpoint-every", "2",
    ];

    /// <summary>GRPO on the tiny model: 2 prompts × 4 samples per step, the KL penalty on (so the reference model loads too).</summary>
    private static string[] Grpo => ["--method", "grpo", "--grpo-prompts", "2", "--grpo-group-size", "4"];

    [Theory]
    [InlineData("eggroll", "countdown-eggroll")]
    [InlineData("grpo", "countdown-grpo")]
    public void A_resumed_two_thread_run_equals_one_straight_one_thread_run_bit_for_bit(string method, string kind)
    {
        string shortRun = Path.Combine(directory, "short-" + method), longRun = Path.Combine(directory, "long-" + method);
        string[] tiny = method == "grpo" ? [.. Tiny, .. Grpo] : Tiny;

        Assert.Equal(0, EggrollCli.Run([.. tiny, "--epochs", "2", "--threads", "2", "--out", shortRun]));
        Assert.Equal(0, EggrollCli.Run(["countdown", "train", "--resume", shortRun, "--epochs", "3"]));
        Assert.Equal(0, EggrollCli.Run([.. tiny, "--epochs", "3", "--threads", "1", "--out", longRun]));

        var resumed = RunCheckpoint.Load(Path.Combine(shortRun, "checkpoint"));
        var straight = RunCheckpoint.Load(Path.Combine(longRun, "checkpoint"));
        Assert.Equal(kind, resumed.State.Kind);
        Assert.Equal(3, resumed.State.Epoch);
        Assert.Equal(Tensors(straight), Tensors(resumed));
        Assert.Equal(Records(longRun), Records(shortRun));
        var records = Records(longRun).Select(r => JsonNode.Parse(r)!.AsObject()).ToList();
        var last = records[^1];
        Assert.True(last.ContainsKey("validationAccuracy") && last.ContainsKey("validationReward"));
        Assert.Equal(records.Sum(r => r["generatedTokens"]!.GetValue<long>()), last["totalGeneratedTokens"]!.GetValue<long>());
        Assert.True(File.Exists(Path.Combine(longRun, "countdown-vs-time.png")) && File.Exists(Path.Combine(longRun, "countdown-vs-tokens.png")));

        var evaluation = CapturedRun.Of(["countdown", "eval", "--model", longRun, "--count", "3", "--max-tokens", "6"]);
        Assert.Equal(0, evaluation.ExitCode);
        using var result = JsonDocument.Parse(evaluation.Output);
        Assert.Equal(last["validationReward"]!.GetValue<double>(), result.RootElement.GetProperty("meanReward").GetDouble(), 6);
    }

    [Theory]
    [InlineData("--model", "missing.pth", "model: ")]
    [InlineData("--group-size", "3", "evolution.groupSize: must be 0 or a divisor")]
    [InlineData("--set", "task.template=\"no placeholders\"", "task.template: must contain {numbers} and {target}")]
    [InlineData("--set", "task.difficulty.maxNumbers=9", "task.difficulty.maxNumbers: must be between")]
    [InlineData("--method", "ppo", "method: ")]
    [InlineData("--grpo-group-size", "1", "grpo.groupSize: must be between 2")]
    [InlineData("--set", "grpo.clipEpsilon=1.5", "grpo.clipEpsilon: must be in (0, 1)")]
    [InlineData("--set", "grpo.temperature=0", "grpo.temperature: must be in (0, 100]")]
    public void Bad_input_is_one_error_line_with_exit_code_2(string option, string value, string message)
    {
        string output = Path.Combine(directory, "bad-" + Guid.NewGuid().ToString("N"));
        var arguments = Tiny.ToList();
        int at = arguments.IndexOf(option);
        if (at >= 0)
        {
            arguments[at + 1] = option == "--model" ? Path.Combine(directory, value) : value;
        }
        else
        {
            arguments.AddRange([option, value]);
        }

        var run = CapturedRun.Of([.. arguments, "--epochs", "1", "--out", output]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.ErrorLine, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void The_experiment_runs_both_methods_per_seed_and_reports_their_validation_curves()
    {
        string output = Path.Combine(directory, "experiment");
        string[] tiny =
        [
            "--set", "evolution.population=4", "--set", "evolution.groupSize=2", "--set", "task.promptsPerGroup=1", "--set", "task.maxTokens=6",
            "--set", "task.validationCount=3", "--set", "grpo.prompts=2", "--set", "grpo.groupSize=4",
        ];

        var run = CapturedRun.Of(["experiment", "countdown", "--model", model, "--minutes", "10", "--epochs", "2", "--seeds", "2", "--eggroll-validate-every", "1", "--grpo-validate-every", "2", .. tiny, "--out", output]);

        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "countdown.json")));
        var runs = report.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["EGGROLL seed 1", "GRPO seed 1", "EGGROLL seed 2", "GRPO seed 2"], runs.Select(r => r.GetProperty("label").GetString()));
        string markdown = File.ReadAllText(Path.Combine(output, "countdown.md"));
        foreach (var curve in runs)
        {
            string runDirectory = curve.GetProperty("directory").GetString()!;
            var validations = Records(runDirectory).Select(r => JsonNode.Parse(r)!.AsObject()).Where(r => r.ContainsKey("validationAccuracy")).ToList();
            var points = curve.GetProperty("points").EnumerateArray().ToList();
            Assert.Equal(curve.GetProperty("label").GetString()!.StartsWith("GRPO", StringComparison.Ordinal) ? [2L] : [1L, 2L], points.Select(p => p.GetProperty("epoch").GetInt64()));
            Assert.Equal(validations.Select(v => v["validationAccuracy"]!.GetValue<double>()), points.Select(p => p.GetProperty("accuracy").GetDouble()));
            Assert.Equal(validations.Select(v => v["totalGeneratedTokens"]!.GetValue<long>()), points.Select(p => p.GetProperty("generatedTokens").GetInt64()));
            Assert.Equal(2, curve.GetProperty("epochs").GetInt64());
            Assert.Contains($"| {curve.GetProperty("label").GetString()} | 2 | {curve.GetProperty("generatedTokens").GetInt64():N0} |", markdown, StringComparison.Ordinal);
        }

        var summaries = report.RootElement.GetProperty("summaries").EnumerateArray().ToList();
        Assert.Equal(["EGGROLL", "GRPO"], summaries.Select(s => s.GetProperty("method").GetString()));
        double eggrollMean = runs.Where((_, i) => i % 2 == 0).Average(r => r.GetProperty("points").EnumerateArray().Last().GetProperty("accuracy").GetDouble());
        Assert.Equal(eggrollMean, summaries[0].GetProperty("finalMean").GetDouble(), 12);
        Assert.Contains("eggroll experiment countdown --model", markdown, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(output, "countdown-vs-time.png")).Length > 0 && new FileInfo(Path.Combine(output, "countdown-vs-tokens.png")).Length > 0);
    }

    [Fact]
    public void The_experiment_refuses_bad_input_in_one_line_before_running_anything()
    {
        string output = Path.Combine(directory, "bad-experiment");

        var run = CapturedRun.Of(["experiment", "countdown", "--model", model, "--seeds", "0", "--out", output]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--seeds", run.ErrorLine, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output, "eggroll-seed1")));
    }

    [Fact]
    public void The_corpus_command_writes_the_documents_it_reports()
    {
        string corpus = Path.Combine(directory, "corpus.txt");

        var run = CapturedRun.Of(["countdown", "corpus", "--count", "40", "--seed", "2", "--out", corpus]);

        Assert.Equal(0, run.ExitCode);
        string text = File.ReadAllText(corpus);
        using var writer = new StringWriter();
        CountdownCorpus.Write(writer, 40, 2, CountdownDifficulty.Easy, CountdownPrompt.Compact);
        Assert.Equal(writer.ToString(), text);
        Assert.Contains("</think><answer>", text, StringComparison.Ordinal);
    }

    private static byte[][] Tensors(LoadedCheckpoint checkpoint) =>
        [.. checkpoint.Tensors.ByName.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Value.Bytes)];

    /// <summary>The metrics records without their timings, as JSON text.</summary>
    private static List<string> Records(string run) =>
        File.ReadLines(Path.Combine(run, "metrics.jsonl")).Select(line =>
        {
            var record = JsonNode.Parse(line)!.AsObject();
            record.Remove("seconds");
            record.Remove("elapsedSeconds");
            return record.ToJsonString();
        }).ToList();
}
