using System.Globalization;
using ScottPlot;

namespace Eggroll.Cli.Bench;

/// <summary>Prints the perturbed-forward table (inference = 100) and draws it as % of inference against width, or per mode for one width.</summary>
internal static class ForwardReport
{
    public static string Header(IReadOnlyList<int> updateEvery, bool withTable) =>
        string.Create(CultureInfo.InvariantCulture, $"{"width",6} {"r",3} {"plain ms",10} {"pre-gen ms",11} {"on-fly ms",10}{(withTable ? $" {"table ms",9}" : "")} {"pre-generated",14} {"on the fly",11}{(withTable ? $" {"table",7}" : "")}")
        + string.Concat(updateEvery.Select(k => string.Create(CultureInfo.InvariantCulture, $" {$"update/{k}",11}")));

    public static string Row(ForwardResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Width,6} {r.Rank,3} {r.PlainMilliseconds,10:F3} {r.PregeneratedMilliseconds,11:F3} {r.OnTheFlyMilliseconds,10:F3}{(r.TableMilliseconds is { } t ? $" {t,9:F3}" : "")} {r.PregeneratedPercent,13:F1}% {r.OnTheFlyPercent,10:F1}%{(r.TablePercent is { } p ? $" {p,6:F1}%" : "")}")
        + string.Concat(r.Amortised.Select(a => string.Create(CultureInfo.InvariantCulture, $" {a.Percent,10:F1}%")));

    /// <summary>
    /// One line per rank and noise mode, widths on a log₂ axis labelled with the widths themselves; with a single width
    /// (the paper's protocol) one bar per mode instead, the amortised updates included; <paramref name="noise"/> names the distribution in the title.
    /// </summary>
    public static void WriteChart(string path, MachineInfo machine, IReadOnlyList<ForwardResult> results, string noise)
    {
        var plot = new Plot();
        if (results.Select(r => r.Width).Distinct().Count() == 1)
        {
            Bars(plot, results);
        }
        else
        {
            Lines(plot, results);
        }

        plot.Axes.Left.Label.Text = "perturbed forward, % of inference throughput";
        plot.Add.HorizontalLine(100, color: Colors.Gray, pattern: LinePattern.Dotted);
        var first = results[0];
        plot.Title($"One Linear layer, N = {first.Population}, T = {first.RowsPerMember}, {noise} noise\n{machine.Cpu}, {machine.Threads} threads");
        double highest = results.Max(r => r.Amortised.Select(a => a.Percent).Append(r.PregeneratedPercent).Append(r.OnTheFlyPercent).Append(r.TablePercent ?? 0).Max());
        plot.Axes.SetLimitsY(0, Math.Max(110, Math.Ceiling(highest / 10) * 10 + 5)); // noise can read above 100 %: keep every point in view
        plot.SavePng(path, 1000, 520);
    }

    private static void Lines(Plot plot, IReadOnlyList<ForwardResult> results)
    {
        foreach (var byRank in results.GroupBy(r => r.Rank))
        {
            var points = byRank.OrderBy(r => r.Width).ToArray();
            double[] x = points.Select(r => Math.Log2(r.Width)).ToArray();
            plot.Add.Scatter(x, points.Select(r => r.PregeneratedPercent).ToArray()).LegendText = $"r = {byRank.Key}, pre-generated noise";
            var onTheFly = plot.Add.Scatter(x, points.Select(r => r.OnTheFlyPercent).ToArray());
            onTheFly.LegendText = $"r = {byRank.Key}, noise on the fly";
            onTheFly.LinePattern = LinePattern.Dashed;
            if (points.All(r => r.TablePercent is not null))
            {
                var table = plot.Add.Scatter(x, points.Select(r => r.TablePercent!.Value).ToArray());
                table.LegendText = $"r = {byRank.Key}, noise table, new epoch per pass";
                table.LinePattern = LinePattern.Dotted;
            }
        }

        var ticks = results.Select(r => r.Width).Distinct().Select(w => new Tick(Math.Log2(w), w.ToString(CultureInfo.InvariantCulture)));
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.Label.Text = "layer width (in = out)";
        plot.ShowLegend(Edge.Right);
    }

    private static void Bars(Plot plot, IReadOnlyList<ForwardResult> results)
    {
        var ticks = new List<Tick>();
        double position = 0;
        foreach (var r in results)
        {
            var bars = new List<(string Label, double Percent)> { ("pre-generated", r.PregeneratedPercent), ("on the fly", r.OnTheFlyPercent) };
            if (r.TablePercent is { } table)
            {
                bars.Add(("noise table", table));
            }

            bars.AddRange(r.Amortised.Select(a => ($"update every {a.StepsPerUpdate}", a.Percent)));
            foreach (var (label, percent) in bars)
            {
                plot.Add.Bar(new Bar { Position = position, Value = percent, FillColor = Colors.SteelBlue, Label = percent.ToString("F1", CultureInfo.InvariantCulture) });
                ticks.Add(new Tick(position, $"{label}\nwidth {r.Width}, r = {r.Rank}"));
                position++;
            }

            position++;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
    }
}
