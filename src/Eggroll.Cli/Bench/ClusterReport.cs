using System.Globalization;
using System.Text.Json;
using Eggroll.IO;
using ScottPlot;

namespace Eggroll.Cli.Bench;

/// <summary>Prints the cluster measurements as tables and writes them as JSON and as a chart of efficiency and coordinator cost.</summary>
internal static class ClusterReport
{
    public static string ScalingTable(IEnumerable<ClusterScalingResult> results) =>
        Table($"{"workers",7} {"epoch ms",10} {"1 machine ms",13} {"speed-up",9} {"efficiency",11}", results.Select(r =>
            Line($"{r.Workers,7} {1000 * r.EpochSeconds,10:F1} {1000 * r.SingleMachineSeconds,13:F1} {r.Speedup,9:F2} {100 * r.Efficiency,10:F0}%")));

    public static string WireTable(IEnumerable<ClusterWireResult> results) =>
        Table($"{"parameters",10} {"scores",14} {"N",8} {"all bytes/epoch",16} {"run bytes/epoch",16}", results.Select(r => Line($"{r.Parameters,10} {r.Scores,14} {r.Population,8} {r.BytesPerEpoch,16:N0} {r.RunBytesPerEpoch,16:N0}")));

    public static string CoordinatorTable(IEnumerable<ClusterCoordinatorResult> results) =>
        Table($"{"N",8} {"scores",14} {"ms/epoch",10}", results.Select(r => Line($"{r.Population,8} {r.Scores,14} {r.Milliseconds,10:F3}")));

    public static void WriteJson(string path, MachineInfo machine, object settings, object results)
    {
        var document = new { Machine = machine, Settings = settings, Results = results };
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, JsonDefaults.Options));
    }

    /// <summary>Left: efficiency against worker silos; right: coordinator milliseconds per epoch against population (log-log).</summary>
    public static void WriteChart(string path, MachineInfo machine, IReadOnlyList<ClusterScalingResult> scaling, IReadOnlyList<ClusterCoordinatorResult> coordinator)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var left = multiplot.GetPlot(0);
        left.Add.Scatter(scaling.Select(r => (double)r.Workers).ToArray(), scaling.Select(r => 100 * r.Efficiency).ToArray()).LegendText = "efficiency vs one machine";
        left.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. scaling.Select(r => new Tick(r.Workers, r.Workers.ToString(CultureInfo.InvariantCulture)))]);
        left.Axes.Bottom.Label.Text = "worker silos (one process, loopback)";
        left.Axes.Left.Label.Text = "efficiency (%)";
        left.Axes.SetLimitsY(0, Math.Max(110, scaling.Max(r => 100 * r.Efficiency) + 10));
        left.Title($"Epoch efficiency\n{machine.Cpu}, {machine.LogicalCores} cores");
        var right = multiplot.GetPlot(1);
        foreach (var byScores in coordinator.GroupBy(r => r.Scores))
        {
            var points = byScores.OrderBy(r => r.Population).ToArray();
            right.Add.Scatter(points.Select(r => Math.Log2(r.Population)).ToArray(), points.Select(r => Math.Log10(r.Milliseconds)).ToArray()).LegendText = byScores.Key;
        }

        right.Axes.Bottom.Label.Text = "population (log₂ N)";
        right.Axes.Left.Label.Text = "coordinator ms per epoch (log₁₀)";
        right.ShowLegend(Edge.Bottom);
        right.Title("Coordinator cost (no evaluation)");
        multiplot.SavePng(path, 1100, 480);
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Table(FormattableString header, IEnumerable<string> rows) => string.Join(Environment.NewLine, rows.Prepend(Line(header))) + Environment.NewLine;
}
