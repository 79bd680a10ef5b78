using System.Globalization;
using System.Text;
using Eggroll.Tasks.Rl;

namespace Eggroll.Tasks.Experiments;

/// <summary>The suite's markdown table.</summary>
public static class RlSuiteReport
{
    /// <summary>
    /// One row per (environment, strategy): the mean ± std across seeds of each run's final
    /// evaluation return, the mean environment steps and the mean training wall time per run.
    /// </summary>
    public static string Table(RlSuiteResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| environment | solved at | strategy | final return (mean ± std over {result.Options.Seeds} seeds) | environment steps | wall time per run |");
        text.AppendLine("|---|---:|---|---:|---:|---:|");
        foreach (var group in result.Runs.GroupBy(r => (r.Environment, r.Strategy)))
        {
            double[] finals = group.Select(r => r.EvalMean).ToArray();
            double mean = finals.Average();
            double std = Math.Sqrt(finals.Sum(v => (v - mean) * (v - mean)) / finals.Length);
            double threshold = EnvironmentRegistry.Find(group.Key.Environment)!.SolvedThreshold;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Environment} | {threshold} | {group.Key.Strategy} | {mean:F1} ± {std:F1} | {group.Average(r => r.EnvironmentSteps):N0} | {group.Average(r => r.Seconds):F1} s |");
        }

        return text.ToString();
    }
}
