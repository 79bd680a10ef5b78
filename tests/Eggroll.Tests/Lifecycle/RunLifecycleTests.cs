using System.Text.Json;
using Eggroll.Tests.Integer;
using Eggroll.Training;

namespace Eggroll.Tests.Lifecycle;

/// <summary>
/// Every training verb as a separate process: SIGINT and SIGTERM save a checkpoint and exit 130 / 143, and a run
/// killed with SIGKILL at random moments and resumed each time ends bit-identical to an uninterrupted run, with
/// every epoch in metrics.jsonl exactly once.
/// </summary>
public sealed class RunLifecycleTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;
    private readonly string corpus;

    public RunLifecycleTests(TemporaryDirectory temporary)
    {
        directory = temporary.CreateSubdirectory();
        corpus = Path.Combine(directory, "sample.txt");
        File.WriteAllBytes(corpus, SampleText.Bytes);
    }

    public static TheoryData<string, string, int> VerbsAndSignals => new()
    {
        { "train", "INT", 130 }, { "train", "TERM", 143 },
        { "train rl", "INT", 130 }, { "train rl", "TERM", 143 },
        { "train lm", "INT", 130 }, { "train lm", "TERM", 143 },
    };

    public static TheoryData<string> Verbs => new() { "train", "train rl", "train lm" };

    [Theory]
    [MemberData(nameof(VerbsAndSignals))]
    public void A_signal_saves_a_checkpoint_of_every_finished_epoch_and_exits_with_the_signals_code(string verbName, string signal, int exitCode)
    {
        var verb = TrainingVerb.Of(verbName, corpus);
        string run = Path.Combine(directory, $"{verbName.Replace(' ', '-')}-{signal}");

        using (var cli = CliProcess.Start(verb.Start(run, 1_000_000)))
        {
            Assert.True(cli.WaitUntil(() => MetricsLines(run) >= 3), cli.Output);
            cli.Signal(signal);
            Assert.Equal(exitCode, cli.WaitForExit());
        }

        var checkpoint = RunCheckpoint.Load(Path.Combine(run, "checkpoint"));
        long epochs = checkpoint.State.Epoch;
        Assert.True(epochs >= 3);
        Assert.Equal(Enumerable.Range(1, (int)epochs).Select(e => (long)e), Epochs(run));

        var (resumed, output) = CliProcess.Run(verb.Resume(run, epochs + 2));
        Assert.True(resumed == 0, output);
        Assert.Equal(Enumerable.Range(1, (int)epochs + 2).Select(e => (long)e), Epochs(run));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void A_run_killed_at_random_moments_and_resumed_ends_bit_identical_with_each_epoch_logged_once(string verbName)
    {
        var verb = TrainingVerb.Of(verbName, corpus);
        const long TotalEpochs = 150;
        string straight = Path.Combine(directory, verbName.Replace(' ', '-') + "-straight");
        string killed = Path.Combine(directory, verbName.Replace(' ', '-') + "-killed");
        var (code, output) = CliProcess.Run(verb.Start(straight, TotalEpochs));
        Assert.True(code == 0, output);

        var random = new Random(verbName.Length);
        int kills = 0;
        while (true)
        {
            bool resumable = RunCheckpoint.Exists(Path.Combine(killed, "checkpoint"));
            if (resumable && RunCheckpoint.Load(Path.Combine(killed, "checkpoint")).State.Epoch == TotalEpochs)
            {
                break; // killed after its last checkpoint, while writing the plot or the evaluation
            }

            using var cli = CliProcess.Start(resumable ? verb.Resume(killed, TotalEpochs) : verb.Start(killed, TotalEpochs));
            if (kills < 4)
            {
                long target = Math.Min(TotalEpochs - 1, MetricsLinesOrZero(killed) + random.Next(1, 60));
                if (cli.WaitUntil(() => MetricsLinesOrZero(killed) >= target))
                {
                    Thread.Sleep(random.Next(0, 15));
                    cli.Signal("KILL");
                    cli.WaitForExit();
                    kills++;
                    continue;
                }
            }

            Assert.True(cli.WaitForExit() == 0, cli.Output);
            break;
        }

        Assert.True(kills >= 1, "no kill happened");
        var expected = RunCheckpoint.Load(Path.Combine(straight, "checkpoint"));
        var actual = RunCheckpoint.Load(Path.Combine(killed, "checkpoint"));
        Assert.Equal(TotalEpochs, actual.State.Epoch);
        Assert.Equal(expected.State.TensorsSha256, actual.State.TensorsSha256);
        Assert.Equal(Enumerable.Range(1, (int)TotalEpochs).Select(e => (long)e), Epochs(killed));
        Assert.Empty(Directory.GetFiles(Path.Combine(killed, "checkpoint"), "*.tmp-*"));
    }

    [Fact]
    public void With_output_redirected_progress_is_a_line_every_few_seconds_not_one_per_epoch()
    {
        string run = Path.Combine(directory, "quiet");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, output) = CliProcess.Run(TrainingVerb.Of("train", corpus).Start(run, 400));
        double seconds = clock.Elapsed.TotalSeconds;

        Assert.True(code == 0, output);
        var progress = output.Split('\n').Where(line => line.StartsWith("epoch ", StringComparison.Ordinal)).ToList();

        // A line after each of the 8 validations (every 50 epochs), every 5 s of the run and after the last epoch:
        // however slow the machine, far fewer than the 400 epochs.
        Assert.InRange(progress.Count, 1, (400 / 50) + (int)(seconds / 5) + 1);
        Assert.True(progress.Count < 400 / 10, $"{progress.Count} progress lines for 400 epochs");
        Assert.StartsWith("epoch 400/400", progress[^1]);
        Assert.Contains("ETA", progress[^1]);
    }

    private static int MetricsLines(string run)
    {
        string path = Path.Combine(run, "metrics.jsonl");
        return File.Exists(path) ? File.ReadAllText(path).Count(c => c == '\n') : 0;
    }

    private static long MetricsLinesOrZero(string run)
    {
        try
        {
            return MetricsLines(run);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static List<long> Epochs(string run) =>
        File.ReadLines(Path.Combine(run, "metrics.jsonl")).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("epoch").GetInt64()).ToList();
}
