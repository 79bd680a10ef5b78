using ScottPlot;

namespace Eggroll.Cli.Language;

/// <summary>One PNG comparing language-model runs: bits/byte against wall time (left) and against training tokens (right).</summary>
internal static class LmComparePlot
{
    private static readonly Color[] Palette = [Colors.RoyalBlue, Colors.OrangeRed, Colors.SeaGreen, Colors.DarkViolet];

    /// <summary>Each run's validation bits/byte (markers) and train bits/byte (thin line) in both panels.</summary>
    public static void Save(IReadOnlyList<LmCurve> runs, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Panel(multiplot.GetPlot(0), runs, c => c.Elapsed, "wall time (s, validations included)", "against wall time");
        Panel(multiplot.GetPlot(1), runs, c => c.Tokens, "training tokens (bytes predicted)", "against training tokens");
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: 1, columns: 2);
        multiplot.SavePng(path, 1400, 600);
    }

    private static void Panel(Plot plot, IReadOnlyList<LmCurve> runs, Func<LmCurve, double[]> x, string xLabel, string title)
    {
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var xs = x(run);
            var train = plot.Add.Scatter(xs, run.TrainBits);
            train.LegendText = $"{run.Label} train";
            train.MarkerSize = 0;
            train.LineWidth = 1;
            train.Color = Palette[i % Palette.Length].WithAlpha(0.45);
            var validation = plot.Add.Scatter(run.Validations.Select(v => xs[v.Index]).ToArray(), run.Validations.Select(v => v.Bits).ToArray());
            validation.LegendText = $"{run.Label} validation";
            validation.MarkerSize = 6;
            validation.LineWidth = 2;
            validation.Color = Palette[i % Palette.Length];
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("bits per byte");
        plot.ShowLegend(Edge.Bottom);
    }
}
