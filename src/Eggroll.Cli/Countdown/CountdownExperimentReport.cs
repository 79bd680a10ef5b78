using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Tasks.Countdown;

namespace Eggroll.Cli.Countdown;

/// <summary>What <c>experiment countdown</c> found: every run's validation curve, read back from its metrics.jsonl, and per-method summaries.</summary>
/// <param name="Command">The command line that made it.</param>
/// <param name="Runs">The runs, each with its curve.</param>
internal sealed record CountdownExperimentReport(string Command, IReadOnlyList<CountdownExperimentReport.RunCurve> Runs)
{
    /// <summary>Reads the curves of <paramref name="runs"/>.</summary>
    public static CountdownExperimentReport Of(IReadOnlyList<CountdownExperimentRun> runs, string command) =>
        new(command, runs.Select(Read).ToList());

    /// <summary>The markdown table: one row per run, then one per method (mean ± std over seeds of the final accuracy).</summary>
    public string Markdown
    {
        get
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"Made by `{Command}`.\n\n");
            text.Append("| run | epochs | generated tokens | wall time (s) | validations | first validation accuracy | final validation accuracy | best |\n");
            text.Append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var run in Runs)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {run.Label} | {run.Epochs} | {run.GeneratedTokens:N0} | {run.Seconds:F0} | {run.Points.Count} | {Percent(run.Points[0].Accuracy)} | {Percent(run.Points[^1].Accuracy)} | {Percent(run.Points.Max(p => p.Accuracy))} |\n");
            }

            text.Append("\n| method | runs | final validation accuracy, mean ± std | best, mean | epochs, mean | generated tokens, mean |\n");
            text.Append("|---|---:|---:|---:|---:|---:|\n");
            foreach (var summary in Summaries())
            {
                text.Append(CultureInfo.InvariantCulture, $"| {summary.Method} | {summary.Runs} | {Percent(summary.FinalMean)} ± {Percent(summary.FinalStd)} | {Percent(summary.BestMean)} | {summary.EpochsMean:F0} | {summary.TokensMean:N0} |\n");
            }

            return text.ToString();
        }
    }

    /// <summary>Per method: runs, final accuracy mean and (population) std, best accuracy mean, epochs and tokens means.</summary>
    public IReadOnlyList<MethodSummary> Summaries() =>
        Runs.GroupBy(r => r.Method).Select(group =>
        {
            var finals = group.Select(r => r.Points[^1].Accuracy).ToList();
            double mean = finals.Average();
            return new MethodSummary(
                group.Key.ToString().ToUpperInvariant(),
                finals.Count,
                mean,
                Math.Sqrt(finals.Average(f => (f - mean) * (f - mean))),
                group.Average(r => r.Points.Max(p => p.Accuracy)),
                group.Average(r => (double)r.Epochs),
                group.Average(r => (double)r.GeneratedTokens));
        }).ToList();

    /// <summary>Writes countdown.md, countdown.json, countdown-vs-time.png and countdown-vs-tokens.png into <paramref name="directory"/>.</summary>
    public void Write(string directory)
    {
        AtomicFile.Write(Path.Combine(directory, "countdown.md"), stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(Markdown);
        });
        var json = new JsonObject
        {
            ["command"] = Command,
            ["runs"] = JsonSerializer.SerializeToNode(Runs, JsonDefaults.Options),
            ["summaries"] = JsonSerializer.SerializeToNode(Summaries(), JsonDefaults.Options),
        };
        AtomicFile.Write(Path.Combine(directory, "countdown.json"), stream => JsonSerializer.Serialize(stream, json, JsonDefaults.Options));
        var metrics = Runs.Select(r => (r.Label, TrainingSession.MetricsOf(r.Directory))).ToList();
        foreach (var (field, name, label) in new[] { ("elapsedSeconds", "time", "wall time (s)"), ("totalGeneratedTokens", "tokens", "generated tokens") })
        {
            MetricsPlot.Compare(metrics, field, ["validationAccuracy"], $"Countdown: EGGROLL and GRPO, validation accuracy against {label}", "validation accuracy", Path.Combine(directory, $"countdown-vs-{name}.png"));
        }
    }

    private static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{100 * fraction:F1} %");

    private static RunCurve Read(CountdownExperimentRun run)
    {
        string path = TrainingSession.MetricsOf(run.Directory);
        var points = new List<ValidationPoint>();
        long epochs = 0, tokens = 0;
        double seconds = 0;
        foreach (string line in File.ReadLines(path))
        {
            var record = JsonNode.Parse(line)!.AsObject();
            epochs = record["epoch"]!.GetValue<long>();
            tokens = record["totalGeneratedTokens"]!.GetValue<long>();
            seconds = record["elapsedSeconds"]!.GetValue<double>();
            if (record["validationAccuracy"] is JsonValue accuracy)
            {
                points.Add(new ValidationPoint(epochs, seconds, tokens, accuracy.GetValue<double>(), record["validationReward"]!.GetValue<double>()));
            }
        }

        return points.Count > 0
            ? new RunCurve(run.Label, run.Method, run.Seed, run.Directory, epochs, tokens, seconds, points)
            : throw new ConfigException("metrics", $"{path} holds no validation record.");
    }

    /// <summary>One validation of a run.</summary>
    /// <param name="Epoch">Epochs done.</param>
    /// <param name="Seconds">Wall time since the run began.</param>
    /// <param name="GeneratedTokens">Training tokens generated so far.</param>
    /// <param name="Accuracy">Validation accuracy.</param>
    /// <param name="Reward">Validation mean reward.</param>
    public sealed record ValidationPoint(long Epoch, double Seconds, long GeneratedTokens, double Accuracy, double Reward);

    /// <summary>One run's totals and validation curve.</summary>
    /// <param name="Label">"EGGROLL seed 1" and the like.</param>
    /// <param name="Method">The method.</param>
    /// <param name="Seed">The run seed.</param>
    /// <param name="Directory">The run directory.</param>
    /// <param name="Epochs">Epochs done.</param>
    /// <param name="GeneratedTokens">Training tokens generated.</param>
    /// <param name="Seconds">Wall time of the run.</param>
    /// <param name="Points">Its validations in order.</param>
    public sealed record RunCurve(string Label, CountdownMethod Method, ulong Seed, string Directory, long Epochs, long GeneratedTokens, double Seconds, IReadOnlyList<ValidationPoint> Points);

    /// <summary>One method's results over its seeds.</summary>
    /// <param name="Method">"EGGROLL" or "GRPO".</param>
    /// <param name="Runs">Seeds.</param>
    /// <param name="FinalMean">Mean final validation accuracy.</param>
    /// <param name="FinalStd">Population std of the final validation accuracy.</param>
    /// <param name="BestMean">Mean of each run's best validation accuracy.</param>
    /// <param name="EpochsMean">Mean epochs.</param>
    /// <param name="TokensMean">Mean generated tokens.</param>
    public sealed record MethodSummary(string Method, int Runs, double FinalMean, double FinalStd, double BestMean, double EpochsMean, double TokensMean);
}
