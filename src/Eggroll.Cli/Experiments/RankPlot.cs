using Eggroll.Tasks.Experiments;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Eggroll.Cli.Experiments;

/// <summary>The log-log PNG of a <see cref="RankExperimentResult"/>: d(r), the noise floor and the fitted line.</summary>
internal static class RankPlot
{
    /// <summary>Renders the plot to <paramref name="path"/> (800×560 PNG).</summary>
    public static void Save(RankExperimentResult result, string path)
    {
        var plot = new Plot();
        double[] logRanks = result.Points.Select(p => Math.Log10(p.Rank)).ToArray();

        var floor = plot.Add.Scatter(logRanks, result.Points.Select(p => Math.Log10(p.NoiseFloor)).ToArray());
        floor.LegendText = "noise floor (Monte Carlo)";
        floor.LinePattern = LinePattern.Dashed;
        floor.Color = Colors.Gray;
        floor.MarkerSize = 0;

        if (result.Slope is double slope && result.Intercept is double intercept)
        {
            var fitted = result.Points.Where(p => p.Fitted).Select(p => Math.Log10(p.Rank)).ToArray();
            double[] lineX = [fitted.Min(), fitted.Max()];
            var line = plot.Add.Scatter(lineX, lineX.Select(x => (intercept + slope * x * Math.Log(10)) / Math.Log(10)).ToArray());
            line.LegendText = $"least squares, slope {slope:F2}";
            line.Color = Colors.OrangeRed;
            line.MarkerSize = 0;
        }

        if (result.Points.All(p => p.Exact is not null))
        {
            var exact = plot.Add.Scatter(logRanks, result.Points.Select(p => Math.Log10(p.Exact!.Value)).ToArray());
            exact.LegendText = "exact d(r) (closed form)";
            exact.Color = Colors.Black.WithOpacity(0.5);
            exact.LinePattern = LinePattern.Dotted;
            exact.MarkerShape = MarkerShape.OpenCircle;
            exact.MarkerSize = 12;
        }

        var distance = plot.Add.Scatter(logRanks, result.Points.Select(p => Math.Log10(p.Distance)).ToArray());
        distance.LegendText = "d(r) = ‖E[ĝ_r] − E[ĝ_full]‖ / ‖E[ĝ_full]‖ (Monte Carlo)";
        distance.LineWidth = 0;
        distance.MarkerSize = 9;
        distance.Color = Colors.RoyalBlue;

        plot.Axes.Bottom.SetTicks(logRanks, result.Points.Select(p => p.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = exponent => Math.Pow(10, exponent).ToString("G4", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
        plot.XLabel("rank r");
        plot.YLabel("relative distance to full-rank ES");
        var options = result.Options;
        plot.Title($"EGGROLL vs full-rank ES: {options.Size}×{options.Size}, σ = {options.Sigma}, N = {options.Members}, {options.Seeds} seeds per rank");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 800, 560);
    }
}
