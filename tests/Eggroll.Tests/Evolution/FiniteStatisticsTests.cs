using Eggroll.Population;

namespace Eggroll.Tests.Evolution;

/// <summary>The epoch metrics' statistics, which skip scores that are not finite.</summary>
public sealed class FiniteStatisticsTests
{
    [Fact]
    public void StatisticsAreThoseOfTheFiniteScoresAlone()
    {
        float[] scores = [3f, float.NaN, -1f, float.PositiveInfinity, 4f, float.NegativeInfinity, 0.5f];
        double[] finite = [3, -1, 4, 0.5];
        double mean = finite.Average();

        Assert.Equal(mean, FiniteStatistics.Mean(scores), 12);
        Assert.Equal(-1.0, FiniteStatistics.Min(scores));
        Assert.Equal(4.0, FiniteStatistics.Max(scores));
        Assert.Equal(Math.Sqrt(finite.Sum(s => (s - mean) * (s - mean)) / finite.Length), FiniteStatistics.StandardDeviation(scores), 12);
    }

    [Fact]
    public void TheFirstFiniteScoreCanBeTheExtreme()
    {
        Assert.Equal(-5.0, FiniteStatistics.Min([float.NaN, -5f, 2f]));
        Assert.Equal(7.0, FiniteStatistics.Max([7f, float.NaN, 2f]));
    }

    [Fact]
    public void WithoutAFiniteScoreEveryStatisticIsNaN()
    {
        float[] scores = [float.NaN, float.PositiveInfinity];

        Assert.True(double.IsNaN(FiniteStatistics.Mean(scores)));
        Assert.True(double.IsNaN(FiniteStatistics.Min(scores)));
        Assert.True(double.IsNaN(FiniteStatistics.Max(scores)));
        Assert.True(double.IsNaN(FiniteStatistics.StandardDeviation(scores)));
        Assert.True(double.IsNaN(FiniteStatistics.Mean([])));
    }
}
