using System.Text.Json;
using ScottPlot;

namespace Eggroll.Cli;

/// <summary>PNG learning curves of <c>train</c> and <c>train lm</c>: chosen metrics of a run's <c>metrics.jsonl</c> against the epoch.</summary>
internal static class MetricsPlot
{
    private static readonly Color[] Palette = [Colors.RoyalBlue, Colors.OrangeRed, Colors.SeaGreen];

    /// <summary>A supervised run: the population's mean training loss (the negated mean score) and the test loss at each validation.</summary>
    public static void SaveSupervised(string metricsPath, string title, string path) =>
        Save(metricsPath, title, "loss", [("population mean training loss", "scoreMean", -1), ("test loss", "testLoss", 1)], path);

    /// <summary>A language-model run: training and validation bits per byte.</summary>
    public static void SaveLanguage(string metricsPath, string title, string path) =>
        Save(metricsPath, title, "bits per byte", [("train (population mean)", "trainBitsPerByte", 1), ("validation", "validationBitsPerByte", 1)], path);

    /// <summary>Plots each named field (times its sign) against the epoch, skipping records where it is absent or null.</summary>
    public static void Save(string metricsPath, string title, string yLabel, IReadOnlyList<(string Label, string Field, double Sign)> series, string path)
    {
        var points = series.Select(_ => (Epochs: new List<double>(), Values: new List<double>())).ToArray();
        foreach (string line in File.ReadLines(metricsPath))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            double epoch = root.GetProperty("epoch").GetDouble();
            for (int i = 0; i < series.Count; i++)
            {
                if (root.TryGetProperty(series[i].Field, out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    points[i].Epochs.Add(epoch);
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
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 800, 500);
    }
}
