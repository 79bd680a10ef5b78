using System.Text.Json;

namespace Eggroll.Tasks.Rl;

/// <summary>A learning curve: cumulative environment steps against the population's mean and best return, per epoch.</summary>
/// <param name="Steps">Environment steps taken up to and including each epoch.</param>
/// <param name="MeanReturn">The population's mean return in each epoch.</param>
/// <param name="BestReturn">The best member's return in each epoch.</param>
public sealed record LearningCurve(double[] Steps, double[] MeanReturn, double[] BestReturn)
{
    /// <summary>Reads the curve from a run's <c>metrics.jsonl</c> (rows = environment steps, score = mean return).</summary>
    public static LearningCurve FromMetrics(string metricsPath)
    {
        var steps = new List<double>();
        var mean = new List<double>();
        var best = new List<double>();
        double total = 0;
        foreach (string line in File.ReadLines(metricsPath))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            total += root.GetProperty("rows").GetDouble();
            steps.Add(total);
            mean.Add(root.GetProperty("scoreMean").GetDouble());
            best.Add(root.GetProperty("scoreMax").GetDouble());
        }

        return new LearningCurve([.. steps], [.. mean], [.. best]);
    }
}
