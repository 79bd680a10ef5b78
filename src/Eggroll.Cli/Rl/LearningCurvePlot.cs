using Eggroll.Tasks.Rl;
using ScottPlot;

namespace Eggroll.Cli.Rl;

/// <summary>PNG plots of learning curves: return against environment steps.</summary>
internal static class LearningCurvePlot
{
    private static readonly Color[] Palette = [Colors.RoyalBlue, Colors.OrangeRed, Colors.SeaGreen, Colors.DarkViolet, Colors.DarkOrange];

    /// <summary>One run: mean and best member return per epoch, and the solved threshold.</summary>
    public static void Save(LearningCurve curve, string title, double threshold, string path)
    {
        var plot = new Plot();
        AddCurves(plot, [("population mean", curve.Steps, curve.MeanReturn), ("best member", curve.Steps, curve.BestReturn)], threshold);
        plot.Title(title);
        plot.SavePng(path, 800, 500);
    }

    /// <summary>One panel per environment, each with one named curve per series, saved two to a row (a single panel alone).</summary>
    public static void SaveGrid(IReadOnlyList<(string Title, double Threshold, IReadOnlyList<(string Name, double[] Steps, double[] Returns)> Series)> panels, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Count);
        for (int i = 0; i < panels.Count; i++)
        {
            var plot = multiplot.GetPlot(i);
            AddCurves(plot, panels[i].Series, panels[i].Threshold);
            plot.Title(panels[i].Title);
        }

        int columns = Math.Min(panels.Count, 2), rows = (panels.Count + columns - 1) / columns;
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: rows, columns: columns);
        multiplot.SavePng(path, 600 * columns, 420 * rows);
    }

    private static void AddCurves(Plot plot, IReadOnlyList<(string Name, double[] Steps, double[] Returns)> series, double threshold)
    {
        for (int i = 0; i < series.Count; i++)
        {
            var line = plot.Add.Scatter(series[i].Steps, series[i].Returns);
            line.LegendText = series[i].Name;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.Color = Palette[i % Palette.Length];
        }

        var solved = plot.Add.HorizontalLine(threshold);
        solved.LinePattern = LinePattern.Dashed;
        solved.Color = Colors.Gray;
        solved.LegendText = $"solved ({threshold})";
        plot.XLabel("environment steps");
        plot.YLabel("return");
        plot.ShowLegend(Alignment.LowerRight);
    }
}
