using System.Globalization;
using Eggroll.Training;
using Eggroll.Cli;
using Eggroll.Tasks.Language;
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
        var resumed = RunCheckpoint.Load(Path.Combine(shortRun, "checkpoint"));
        var straight = RunCheckpoint.Load(Path.Combine(longRun, "checkpoint"));
        Assert.Equal(5, resumed.State.Epoch);
        Assert.Equal(Weights(straight), Weights(resumed));
        Assert.Equal(Enumerable.Range(1, 5), File.ReadLines(Path.Combine(shortRun, "metrics.jsonl")).Select(EpochOf));
        Assert.Equal(0, EggrollCli.Run(["lm", "sample", "--checkpoint", longRun, "--bytes", "20"]));
    }

    [Fact]
    public void Baselines_print_the_split_sizes_and_the_librarys_bits_per_byte_of_each_part()
    {
        var run = CapturedRun.Of(["lm", "baselines", "--data", data]);

        var corpus = new ByteCorpus(SampleText.Bytes);
        var baselines = new LanguageBaselines(corpus.Train);
        byte[][] parts = [corpus.Train, corpus.Validation, corpus.Test];
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"train {corpus.Train.Length:N0}, validation {corpus.Validation.Length:N0}, test {corpus.Test.Length:N0} bytes"), lines[0]);
        Assert.Equal(parts.Select(p => baselines.UnigramBits(p)), Numbers(lines, "unigram"), Rounded);
        Assert.Equal(parts.Select(p => baselines.BigramBits(p)), Numbers(lines, "bigram"), Rounded);
        Assert.Equal(parts.Select(LanguageBaselines.GzipBits), Numbers(lines, "gzip"), Rounded);

        static double[] Numbers(string[] lines, string row) =>
            [.. lines.Single(l => l.StartsWith(row, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeLast(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
    }

    /// <summary>Equal to the four decimals the command prints.</summary>
    private static readonly IEqualityComparer<double> Rounded = EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) <= 0.00005 + 1e-12, _ => 0);

    [Fact]
    public void Noise_reuse_from_a_config_file_resumes_exactly_like_the_flag_in_one_run()
    {
        string config = Path.Combine(directory, "reuse.json");
        File.WriteAllText(config, $$"""{ "data": {{System.Text.Json.JsonSerializer.Serialize(data)}}, "model": { "width": 8, "layers": 1 }, "training": { "noiseReuse": 2 } }""");
        string shortRun = Path.Combine(directory, "reuse-short"), longRun = Path.Combine(directory, "reuse-long"), fresh = Path.Combine(directory, "fresh");
        string[] small = ["--population", "8", "--sequence-length", "16", "--validation-bytes", "100"];

        Assert.Equal(0, EggrollCli.Run(["train", "lm", "--config", config, .. small, "--epochs", "3", "--out", shortRun]));
        Assert.Equal(0, EggrollCli.Run(["train", "lm", "--resume", shortRun, "--set", "epochs=5"]));
        Assert.Equal(0, EggrollCli.Run(["train", "lm", .. Tiny, "--noise-reuse", "2", "--epochs", "5", "--out", longRun]));
        Assert.Equal(0, EggrollCli.Run(["train", "lm", .. Tiny, "--set", "training.noiseReuse=1", "--epochs", "5", "--out", fresh]));

        var resumed = RunCheckpoint.Load(Path.Combine(shortRun, "checkpoint"));
        var straight = RunCheckpoint.Load(Path.Combine(longRun, "checkpoint"));
        var freshNoise = RunCheckpoint.Load(Path.Combine(fresh, "checkpoint"));
        Assert.Equal(2, straight.State.Run!["training"]!["noiseReuse"]!.GetValue<int>());
        Assert.Equal(Weights(straight), Weights(resumed));
        Assert.NotEqual(Weights(straight), Weights(freshNoise));
    }

    [Theory]
    [InlineData("--width", "16")]
    [InlineData("--noise-reuse", "2")]
    [InlineData("--set", "training.update.alpha=0.5")]
    [InlineData("--config", "reuse.json")]
    [InlineData("--out", "elsewhere")]
    public void Resume_refuses_what_would_change_the_run(string option, string value)
    {
        string run = Path.Combine(directory, "refuse-" + option.TrimStart('-'));
        Assert.Equal(0, EggrollCli.Run(["train", "lm", .. Tiny, "--epochs", "1", "--out", run]));

        var (exitCode, error) = RunCapturingErrors(["train", "lm", "--resume", run, option, value]);

        Assert.Equal(2, exitCode);
        Assert.Contains("resuming", error);
    }

    [Theory]
    [InlineData("--population", "3")]
    [InlineData("--alpha", "0")]
    [InlineData("--width", "6")]
    [InlineData("--noise-reuse", "-1")]
    [InlineData("--noise-reuse", "two")]
    [InlineData("--set", "training.noiseReus=1")]
    [InlineData("--config", "missing.json")]
    [InlineData("--data", "missing.txt")]
    public void Bad_input_is_a_one_line_user_error(string option, string value)
    {
        var (exitCode, error) = RunCapturingErrors(["train", "lm", .. Args(option, value), "--out", Path.Combine(directory, "bad")]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(Path.Combine(directory, "bad")));
    }

    private static (int ExitCode, string Error) RunCapturingErrors(string[] args)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            return (EggrollCli.Run(args), error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    private static byte[][] Weights(LoadedCheckpoint checkpoint) =>
        [.. checkpoint.Tensors.ByName.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Value.Bytes)];

    private static int EpochOf(string line) => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("epoch").GetInt32();
}
