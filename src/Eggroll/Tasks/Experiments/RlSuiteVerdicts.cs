using System.Globalization;
using System.Text;
using Eggroll.Tasks.Rl;

namespace Eggroll.Tasks.Experiments;

/// <summary>
/// The paper-style summary of the suite: per environment, whether EGGROLL's final return is
/// better than, competitive with or worse than each other method's.
/// </summary>
/// <remarks>
/// With d the difference of the seed means (EGGROLL minus the other method), EGGROLL is competitive
/// when |d| is within the larger of two standard errors of d (sample standard deviations over the
/// seeds) and 5 % of the environment's solved threshold (a scale every environment has, so that
/// equal runs with no spread, such as 500 ± 0 on CartPole, are not called different by a rounding);
/// otherwise better or worse by the sign of d.
/// </remarks>
public static class RlSuiteVerdicts
{
    /// <summary>Fraction of |solved threshold| below which a difference is never called better or worse.</summary>
    public const double ThresholdFraction = 0.05;

    /// <summary>The verdict of EGGROLL against one other method on one environment.</summary>
    public enum Verdict
    {
        /// <summary>EGGROLL's final return is higher by more than the margin.</summary>
        Better,

        /// <summary>Within the margin.</summary>
        Competitive,

        /// <summary>Lower by more than the margin.</summary>
        Worse,
    }

    /// <summary>EGGROLL's verdict against <paramref name="other"/> from their runs' final returns on an environment solved at <paramref name="threshold"/>.</summary>
    public static Verdict Compare(IReadOnlyList<double> eggroll, IReadOnlyList<double> other, double threshold)
    {
        double difference = eggroll.Average() - other.Average();
        double standardError = Math.Sqrt(SampleVariance(eggroll) / eggroll.Count + SampleVariance(other) / other.Count);
        double margin = Math.Max(2 * standardError, ThresholdFraction * Math.Abs(threshold));
        return Math.Abs(difference) <= margin ? Verdict.Competitive : difference > 0 ? Verdict.Better : Verdict.Worse;
    }

    /// <summary>
    /// A markdown table (one row per environment, one column per other method) and one count line per
    /// other method; empty when the suite did not run EGGROLL or ran nothing else.
    /// </summary>
    public static string Table(RlSuiteResult result)
    {
        string eggroll = RlSuiteMethod.Eggroll.Label();
        var others = result.Runs.Select(r => r.Strategy).Distinct().Where(s => s != eggroll).ToList();
        if (others.Count == 0 || result.Runs.All(r => r.Strategy != eggroll))
        {
            return "";
        }

        var text = new StringBuilder();
        var counts = others.ToDictionary(o => o, _ => new int[3]);
        text.AppendLine(CultureInfo.InvariantCulture, $"| environment | {string.Join(" | ", others.Select(o => $"EGGROLL vs {o}"))} |");
        text.AppendLine($"|---|{string.Concat(others.Select(_ => "---|"))}");
        foreach (var environment in result.Runs.GroupBy(r => r.Environment))
        {
            double threshold = EnvironmentRegistry.Find(environment.Key)!.SolvedThreshold;
            double[] ours = environment.Where(r => r.Strategy == eggroll).Select(r => r.EvalMean).ToArray();
            var cells = others.Select(other =>
            {
                double[] theirs = environment.Where(r => r.Strategy == other).Select(r => r.EvalMean).ToArray();
                if (ours.Length == 0 || theirs.Length == 0)
                {
                    return "–";
                }

                var verdict = Compare(ours, theirs, threshold);
                counts[other][(int)verdict]++;
                return string.Create(CultureInfo.InvariantCulture, $"{verdict.ToString().ToLowerInvariant()} ({ours.Average() - theirs.Average():+0.0;-0.0;0.0})");
            });
            text.AppendLine(CultureInfo.InvariantCulture, $"| {environment.Key} | {string.Join(" | ", cells)} |");
        }

        text.AppendLine();
        foreach (string other in others)
        {
            int[] c = counts[other];
            text.AppendLine(CultureInfo.InvariantCulture, $"EGGROLL vs {other}: better on {c[0]}, competitive on {c[1]}, worse on {c[2]}.");
        }

        return text.ToString();
    }

    private static double SampleVariance(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
    }
}
