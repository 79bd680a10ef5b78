namespace Eggroll.Population;

/// <summary>Summary statistics over the finite values of a span (NaN and ±∞ are skipped); NaN when none is finite.</summary>
internal static class FiniteStatistics
{
    public static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        int count = 0;
        foreach (float v in values)
        {
            if (float.IsFinite(v))
            {
                sum += v;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }

    public static double Min(ReadOnlySpan<float> values) => Extreme(values, Math.Min);

    public static double Max(ReadOnlySpan<float> values) => Extreme(values, Math.Max);

    public static double StandardDeviation(ReadOnlySpan<float> values)
    {
        double mean = Mean(values), sum = 0;
        int count = 0;
        foreach (float v in values)
        {
            if (float.IsFinite(v))
            {
                sum += (v - mean) * (v - mean);
                count++;
            }
        }

        return count == 0 ? double.NaN : Math.Sqrt(sum / count);
    }

    private static double Extreme(ReadOnlySpan<float> values, Func<double, double, double> pick)
    {
        double result = double.NaN;
        foreach (float v in values)
        {
            if (float.IsFinite(v))
            {
                result = double.IsNaN(result) ? v : pick(result, v);
            }
        }

        return result;
    }
}
