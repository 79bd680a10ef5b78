using Eggroll.Tests.Integer;
using Eggroll.Training;

namespace Eggroll.Tests.Cli;

/// <summary>What every training verb promises about its run directory: refusals that write nothing, divergence, curves and kinds.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class RunConventionTests : IClassFixture<TemporaryDirectory>
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G'];
    private readonly string directory;

    public RunConventionTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void Resuming_to_a_total_the_run_has_passed_is_refused_and_changes_nothing()
    {
        string run = Path.Combine(directory, "passed");
        Assert.Equal(0, CapturedRun.Of(["train", "--epochs", "6", "--population", "16", "--out", run]).ExitCode);
        var before = Snapshot(run);

        var refused = CapturedRun.Of(["train", "--resume", run, "--epochs", "4"]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("epochs: 4 is not beyond the 6 epochs", refused.ErrorLine);
        Assert.Equal(before, Snapshot(run));
    }

    [Fact]
    public void A_population_beyond_the_maximum_is_refused_before_anything_is_written()
    {
        string run = Path.Combine(directory, "huge");

        var refused = CapturedRun.Of(["train", "--population", "2000000000", "--out", run]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("evolution.population", refused.ErrorLine);
        Assert.Contains("2000000000", refused.ErrorLine);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void A_learning_rate_that_diverges_stops_with_a_user_error_and_saves_no_checkpoint()
    {
        string run = Path.Combine(directory, "diverged");

        var diverged = CapturedRun.Of(["train", "--lr", "1e30", "--epochs", "50", "--population", "16", "--out", run]);

        Assert.Equal(2, diverged.ExitCode);
        Assert.Contains("training diverged: after epoch", diverged.ErrorLine);
        Assert.False(RunCheckpoint.Exists(Path.Combine(run, "checkpoint")));
    }

    [Fact]
    public void A_corpus_too_short_to_train_on_is_refused_before_anything_is_written()
    {
        string data = Path.Combine(directory, "two-bytes.txt");
        File.WriteAllBytes(data, "ab"u8.ToArray());
        string run = Path.Combine(directory, "short-corpus");

        var refused = CapturedRun.Of(["train", "lm", "--data", data, "--out", run]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("2 bytes", refused.ErrorLine);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void Resuming_a_run_with_the_verb_of_another_kind_names_both_kinds()
    {
        string data = Path.Combine(directory, "sample.txt");
        File.WriteAllBytes(data, SampleText.Bytes);
        string run = Path.Combine(directory, "lm-run");
        Assert.Equal(0, CapturedRun.Of(["train", "lm", "--data", data, "--width", "8", "--layers", "1", "--population", "8", "--sequence-length", "16", "--validation-bytes", "100", "--epochs", "2", "--out", run]).ExitCode);

        var refused = CapturedRun.Of(["eval", "--checkpoint", run]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("'egg-lm' run", refused.ErrorLine);
        Assert.Contains("'supervised'", refused.ErrorLine);
    }

    [Fact]
    public void Train_and_train_lm_draw_their_learning_curves_from_the_metrics()
    {
        string data = Path.Combine(directory, "curve.txt");
        File.WriteAllBytes(data, SampleText.Bytes);
        string supervised = Path.Combine(directory, "curve-train"), language = Path.Combine(directory, "curve-lm");

        Assert.Equal(0, CapturedRun.Of(["train", "--epochs", "4", "--population", "16", "--set", "training.validateEvery=2", "--out", supervised]).ExitCode);
        Assert.Equal(0, CapturedRun.Of(["train", "lm", "--data", data, "--width", "8", "--layers", "1", "--population", "8", "--sequence-length", "16", "--validation-bytes", "100", "--validate-every", "2", "--epochs", "4", "--out", language]).ExitCode);

        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(supervised, "learning-curve.png")).Take(4));
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(language, "learning-curve.png")).Take(4));
        Assert.Equal(2, File.ReadLines(Path.Combine(supervised, "metrics.jsonl")).Count(line => line.Contains("\"testLoss\"", StringComparison.Ordinal)));
        Assert.Equal(2, File.ReadLines(Path.Combine(language, "metrics.jsonl")).Count(line => line.Contains("\"validationBitsPerByte\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_malformed_data_file_is_a_one_line_user_error()
    {
        var run = CapturedRun.Of(["lm", "score"], () => throw new InvalidDataException("weights.safetensors: the header is not JSON."));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: weights.safetensors: the header is not JSON.", run.ErrorLine);
    }

    private static Dictionary<string, byte[]> Snapshot(string run) =>
        Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
}
