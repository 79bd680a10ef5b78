using System.Text.Json;
using Eggroll.Training;
using ScottPlot;

namespace Eggroll.Cli;

/// <summary>
/// PNG learning curves from <c>metrics.jsonl</c> files: one run's chosen metrics against the epoch, wall time or tokens
/// (<c>train</c>, <c>train lm</c>, <c>countdown train</c>), or several runs overlaid against any field (<c>plot compare</c>).
/// </summary>
internal static class MetricsPlot
{
    private static readonly Color[] Palette = [Colors.RoyalBlue, Colors.OrangeRed, Colors.SeaGreen, Colors.Purple, Colors.Brown, Colors.Gray];
    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    /// <summary>A supervised run: the population's mean training loss (the negated mean score) and the test loss at each validation.</summary>
    public static void SaveSupervised(string metricsPath, string title, string path) =>
        Save(metricsPath, title, "loss", [("population mean training loss", "scoreMean", -1), ("test loss", "testLoss", 1)], path);

    /// <summary>A language-model run: training and validation bits per byte.</summary>
    public static void SaveLanguage(string metricsPath, string title, string path) =>
        Save(metricsPath, title, "bits per byte", [("train (population mean)", "trainBitsPerByte", 1), ("validation", "validationBitsPerByte", 1)], path);

    /// <summary>
    /// A Countdown run: validation accuracy, validation reward and the population's mean reward against wall time
    /// (countdown-vs-time.png) and against generated tokens (countdown-vs-tokens.png) in <paramref name="directory"/>.
    /// </summary>
    /// <returns>The paths of the two PNGs.</returns>
    public static string[] SaveCountdown(string metricsPath, string title, string directory)
    {
        (string, string, double)[] series = [("validation accuracy", "validationAccuracy", 1), ("validation mean reward", "validationReward", 1), ("population mean reward", "meanReward", 1)];
        string byTime = Path.Combine(directory, "countdown-vs-time.png"), byTokens = Path.Combine(directory, "countdown-vs-tokens.png");
        Save(metricsPath, title, "accuracy / reward", series, byTime, ("elapsedSeconds", "wall time (s)"));
        Save(metricsPath, title, "accuracy / reward", series, byTokens, ("totalGeneratedTokens", "generated tokens (training)"));
        return [byTime, byTokens];
    }

    /// <summary>Plots each named field (times its sign) against the epoch (or <paramref name="x"/>), skipping records where either is absent or null.</summary>
    public static void Save(string metricsPath, string title, string yLabel, IReadOnlyList<(string Label, string Field, double Sign)> series, string path, (string Field, string Label)? x = null)
    {
        var (xField, xLabel) = x ?? ("epoch", "epoch");
        var plot = new Plot();
        for (int i = 0; i < series.Count; i++)
        {
            var (xs, ys) = Points(metricsPath, xField, series[i].Field, series[i].Sign);
            AddLine(plot, xs, ys, series[i].Label, Palette[i % Palette.Length], LinePattern.Solid);
        }

        Finish(plot, title, xLabel, yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 800, 500);
    }

    /// <summary>
    /// Overlays runs: for each run (one colour) and each field of <paramref name="yFields"/> (one line pattern), the field against
    /// <paramref name="xField"/>, skipping records where either is absent or null.
    /// </summary>
    /// <exception cref="ConfigException">A metrics file is malformed, or a field appears in none of a run's records; the message names the file and field.</exception>
    public static void Compare(IReadOnlyList<(string Label, string MetricsPath)> runs, string xField, IReadOnlyList<string> yFields, string title, string? yLabel, string path)
    {
        var plot = new Plot();
        for (int r = 0; r < runs.Count; r++)
        {
            for (int f = 0; f < yFields.Count; f++)
            {
                var (x, y) = Points(runs[r].MetricsPath, xField, yFields[f], 1);
                if (x.Length == 0)
                {
                    throw new ConfigException("--y", $"{runs[r].MetricsPath} has no record with both '{xField}' and '{yFields[f]}'.");
                }

                AddLine(plot, x, y, yFields.Count == 1 ? runs[r].Label : $"{runs[r].Label}, {yFields[f]}", Palette[r % Palette.Length], Patterns[f % Patterns.Length]);
            }
        }

        Finish(plot, title, xField, yLabel ?? string.Join(", ", yFields));
        plot.ShowLegend(Edge.Right); // beside the plot: falling curves run through every corner
        plot.SavePng(path, 1000, 500);
    }

    private static (double[] X, double[] Y) Points(string metricsPath, string xField, string yField, double sign)
    {
        var x = new List<double>();
        var y = new List<double>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(metricsPath))
        {
            lineNumber++;
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line);
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new ConfigException("metrics", $"{metricsPath}, line {lineNumber}: not a JSON record ({e.Message.Split('\n')[0]}).");
            }

            if (Number(root, xField) is { } xValue && Number(root, yField) is { } yValue)
            {
                x.Add(xValue);
                y.Add(sign * yValue);
            }
        }

        return ([.. x], [.. y]);
    }

    private static double? Number(JsonElement record, string field) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static void AddLine(Plot plot, double[] x, double[] y, string label, Color color, LinePattern pattern)
    {
        var line = plot.Add.Scatter(x, y);
        line.LegendText = label;
        line.MarkerSize = x.Length < 50 ? 5 : 0;
        line.LineWidth = 2;
        line.Color = color;
        line.LinePattern = pattern;
    }

    private static void Finish(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
    }
}
