using System.Globalization;
using ScottPlot;

namespace Eggroll.Cli.Bench;

/// <summary>Prints the RWKV-7 population-step table (inference = 100) and draws the population step's % of inference against N.</summary>
internal static class LmReport
{
    public static string Header() =>
        string.Create(CultureInfo.InvariantCulture, $"{"model",-18} {"N",5} {"plain ms",9} {"pop. ms",9} {"plain tok/s",12} {"pop. tok/s",11} {"pop. %",7} {"state KiB",10} {"noise KiB",10} {"buffers KiB",12}");

    public static string Row(LmResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Model,-18} {r.Population,5} {r.PlainMilliseconds,9:F2} {Or(r.PopulationMilliseconds, "F2"),9} {r.PlainTokensPerSecond,12:N0} {Or(r.PopulationTokensPerSecond, "N0"),11} {Or(r.PopulationPercent, "F1"),7} {r.StateBytesPerMember / 1024.0,10:F1} {Or(r.NoiseBytesPerMember / 1024.0, "F1"),10} {r.BufferBytesPerMember / 1024.0,12:F1}");

    /// <summary>One line per model; N on a log₂ axis labelled with the population sizes themselves.</summary>
    public static void WriteChart(string path, MachineInfo machine, int rank, IReadOnlyList<LmResult> results)
    {
        var measured = results.Where(r => r.PopulationPercent is not null).ToList();
        var plot = new Plot();
        foreach (var byModel in measured.GroupBy(r => r.Model))
        {
            var points = byModel.OrderBy(r => r.Population).ToArray();
            plot.Add.Scatter(points.Select(r => Math.Log2(r.Population)).ToArray(), points.Select(r => r.PopulationPercent!.Value).ToArray()).LegendText = byModel.Key;
        }

        var ticks = measured.Select(r => r.Population).Distinct().Select(n => new Tick(Math.Log2(n), n.ToString(CultureInfo.InvariantCulture)));
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.Label.Text = "population N (members, one stream each)";
        plot.Axes.Left.Label.Text = "population step, % of inference tokens/s";
        plot.Add.HorizontalLine(95, color: Colors.Gray, pattern: LinePattern.Dotted);
        plot.ShowLegend(Edge.Right);
        plot.Title($"RWKV-7 population step (rank {rank}, every matrix perturbed) vs plain batched inference\n{machine.Cpu}, {machine.Threads} threads");
        double highest = measured.Count == 0 ? 100 : measured.Max(r => r.PopulationPercent!.Value);
        plot.Axes.SetLimitsY(0, Math.Max(110, Math.Ceiling(highest / 10) * 10 + 5));
        plot.SavePng(path, 1000, 520);
    }

    private static string Or(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";
}
