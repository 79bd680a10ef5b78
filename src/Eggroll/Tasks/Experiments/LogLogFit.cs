namespace Eggroll.Tasks.Experiments;

/// <summary>Least-squares line log d = intercept + slope·log r through positive points.</summary>
internal static class LogLogFit
{
    /// <summary>Fits the line; needs at least two distinct x values, all x and y positive.</summary>
    public static (double Slope, double Intercept) Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count || x.Count < 2)
        {
            throw new ArgumentException("A log-log fit needs at least two points.");
        }

        var lx = x.Select(v => Math.Log(v)).ToArray();
        var ly = y.Select(v => Math.Log(v)).ToArray();
        double meanX = lx.Average(), meanY = ly.Average();
        double covariance = lx.Zip(ly, (a, b) => (a - meanX) * (b - meanY)).Sum();
        double varianceX = lx.Sum(a => (a - meanX) * (a - meanX));
        double slope = covariance / varianceX;
        return (slope, meanY - slope * meanX);
    }
}
