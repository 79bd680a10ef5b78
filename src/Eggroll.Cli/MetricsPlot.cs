using System.Text.Json;
using ScottPlot;

namespace Eggroll.Cli;

/// <summary>PNG learning curves of <c>train</c>, <c>train lm</c> and <c>countdown train</c>: chosen metrics of a run's <c>metrics.jsonl</c> against the epoch, wall time or tokens.</summary>
internal static class MetricsPlot
{
    private static readonly Color[] Palette = [Colors.RoyalBlue, Colors.OrangeRed, Colors.SeaGreen];

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

    /// <summary>Plots each named field (times its sign) against the epoch (or <paramref name="x"/>), skipping records where it is absent or null.</summary>
    public static void Save(string metricsPath, string title, string yLabel, IReadOnlyList<(string Label, string Field, double Sign)> series, string path, (string Field, string Label)? x = null)
    {
        var (xField, xLabel) = x ?? ("epoch", "epoch");
        var points = series.Select(_ => (Epochs: new List<double>(), Values: new List<double>())).ToArray();
        foreach (string line in File.ReadLines(metricsPath))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            double position = root.GetProperty(xField).GetDouble();
            for (int i = 0; i < series.Count; i++)
            {
                if (root.TryGetProperty(series[i].Field, out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    points[i].Epochs.Add(position);
                    points[i].Values.Add(series[i].Sign * value.GetDouble());
                }
            }
        }

        var plot = new Plot();
        for (int i = 0; i < series.Count; i++)
        {
            var line = plot.Add.Scatter(points[i].Epochs.ToArray(), points[i].Values.ToArray());
            line.LegendText = series[i].Label;
            line.MarkerSize = points[i].Epochs.Count < 50 ? 5 : 0;
            line.LineWidth = 2;
            line.Color = Palette[i % Palette.Length];
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 800, 500);
    }
}
