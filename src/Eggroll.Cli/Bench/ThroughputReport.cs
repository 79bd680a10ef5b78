using System.Globalization;
using System.Text.Json;
using Eggroll.IO;
using ScottPlot;

namespace Eggroll.Cli.Bench;

/// <summary>Prints the throughput table (inference = 100) and writes it as JSON and as a bar chart.</summary>
internal static class ThroughputReport
{
    public static string Header() =>
        string.Create(CultureInfo.InvariantCulture, $"{"N",6} {"T",4} {"r",3} {"inference rows/s",17} {"EGGROLL rows/s",15} {"EGGROLL",8} {"OpenES rows/s",14} {"OpenES",8}");

    public static string Row(ThroughputResult r)
    {
        string openEs = r.OpenEsRowsPerSecond is { } o ? o.ToString("N0", CultureInfo.InvariantCulture) : "-";
        string openEsPercent = r.OpenEsPercent is { } p ? p.ToString("F2", CultureInfo.InvariantCulture) : "-";
        return string.Create(CultureInfo.InvariantCulture, $"{r.Population,6} {r.RowsPerMember,4} {r.Rank,3} {r.InferenceRowsPerSecond,17:N0} {r.EggrollRowsPerSecond,15:N0} {r.EggrollPercent,8:F1} {openEs,14} {openEsPercent,8}");
    }

    public static void WriteJson(string path, MachineInfo machine, object settings, IReadOnlyList<ThroughputResult> results)
    {
        var document = new { Machine = machine, Settings = settings, Results = results };
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, JsonDefaults.Options));
    }

    public static void WriteChart(string path, MachineInfo machine, IReadOnlyList<ThroughputResult> results)
    {
        var plot = new Plot();
        var ticks = new List<Tick>();
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            double x = i * 3;
            plot.Add.Bar(new Bar { Position = x, Value = r.EggrollPercent, FillColor = Colors.SteelBlue });
            plot.Add.Bar(new Bar { Position = x + 1, Value = r.OpenEsPercent ?? 0, FillColor = Colors.OrangeRed });
            ticks.Add(new Tick(x + 0.5, $"N={r.Population}\nT={r.RowsPerMember} r={r.Rank}"));
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 9;
        plot.Add.HorizontalLine(100, color: Colors.Gray, pattern: LinePattern.Dashed);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "EGGROLL epoch", FillColor = Colors.SteelBlue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "OpenES epoch", FillColor = Colors.OrangeRed });
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.Title($"Training throughput, inference = 100\n{machine.Cpu}, {machine.Threads} threads");
        plot.Axes.Left.Label.Text = "rows/s relative to batched inference (%)";
        plot.Axes.SetLimitsY(0, 115);
        plot.SavePng(path, Math.Max(800, 60 * results.Count), 520);
    }
}
