using Eggroll.Cli;

namespace Eggroll.Tests.Cli;

/// <summary><c>plot compare</c>: overlays the metrics of run directories against a chosen field.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class PlotCompareCommandTests(TemporaryDirectory temporary) : IClassFixture<TemporaryDirectory>
{
    private readonly string directory = temporary.CreateSubdirectory();

    [Fact]
    public void Two_runs_are_drawn_against_wall_time_into_one_png()
    {
        string first = Run("first", ["{\"epoch\":1,\"trainBitsPerByte\":8,\"elapsedSeconds\":1.5}", "{\"epoch\":2,\"trainBitsPerByte\":7,\"validationBitsPerByte\":7.2,\"elapsedSeconds\":3}"]);
        string second = Run("second", ["{\"epoch\":1,\"trainBitsPerByte\":6,\"validationBitsPerByte\":6.1,\"elapsedSeconds\":0.5}"]);
        string png = Path.Combine(directory, "compare.png");

        var run = CapturedRun.Of(["plot", "compare", first, second, "--y", "trainBitsPerByte", "--y", "validationBitsPerByte", "--label", "A", "--label", "B", "--png", png]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
    }

    [Fact]
    public void A_missing_run_a_field_no_record_has_a_bad_record_and_a_wrong_label_count_are_one_line_user_errors()
    {
        string run = Run("run", ["{\"epoch\":1,\"trainBitsPerByte\":8,\"elapsedSeconds\":1}"]);
        string broken = Run("broken", ["{\"epoch\":1,\"elapsedSeconds\":1,\"trainBitsPerByte\":8}", "{not json"]);
        string png = Path.Combine(directory, "bad.png");

        AssertUserError(["plot", "compare", Path.Combine(directory, "absent"), "--png", png], "absent");
        AssertUserError(["plot", "compare", run, "--png", png], $"{Path.Combine(run, "metrics.jsonl")} has no record with both 'elapsedSeconds' and 'validationBitsPerByte'");
        AssertUserError(["plot", "compare", broken, "--y", "trainBitsPerByte", "--png", png], "metrics.jsonl, line 2: not a JSON record");
        AssertUserError(["plot", "compare", run, run, "--label", "only one", "--png", png], "--label: give one per run (2), got 1");
        Assert.False(File.Exists(png));
    }

    private static void AssertUserError(string[] args, string expected)
    {
        var run = CapturedRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.ErrorLine);
    }

    private string Run(string name, string[] records)
    {
        string run = Path.Combine(directory, name);
        Directory.CreateDirectory(run);
        File.WriteAllLines(Path.Combine(run, "metrics.jsonl"), records);
        return run;
    }
}
