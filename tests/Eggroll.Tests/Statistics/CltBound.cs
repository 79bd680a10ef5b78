using System.Globalization;
using Eggroll.Tasks.Experiments;

namespace Eggroll.Tests.Statistics;

/// <summary>
/// Compares a Monte Carlo mean with its expected value element by element, allowing
/// <see cref="StandardErrors"/> empirical standard errors. For a mean of many independent
/// samples the central limit theorem makes each deviation/SE close to standard normal, and
/// P(|Z| &gt; 5) ≈ 5.7·10⁻⁷; a test checking D elements therefore fails by chance, for a
/// correct estimator and a random choice of seeds, with probability about D·5.7·10⁻⁷
/// (under 4·10⁻⁴ for the at most 576 elements any test here checks). The seeds are fixed, so
/// every run gives the same verdict.
/// </summary>
internal static class CltBound
{
    public const double StandardErrors = 5;

    public static void AssertMeanEquals(IReadOnlyList<double> expected, GradientMoments moments, string what)
    {
        var mean = moments.Mean();
        var errors = moments.StandardErrors();
        Assert.Equal(expected.Count, mean.Length);
        int worst = 0;
        for (int i = 0; i < mean.Length; i++)
        {
            if (Score(mean[i], expected[i], errors[i]) > Score(mean[worst], expected[worst], errors[worst]))
            {
                worst = i;
            }
        }

        double z = Score(mean[worst], expected[worst], errors[worst]);
        Assert.True(
            z <= StandardErrors,
            string.Create(CultureInfo.InvariantCulture, $"{what}: element {worst} has mean {mean[worst]:G5} over {moments.Count} samples, expected {expected[worst]:G5}, SE {errors[worst]:G3}, |z| = {z:F1} > {StandardErrors}"));
    }

    private static double Score(double mean, double expected, double error) => Math.Abs(mean - expected) / error;
}
