using Eggroll.Numerics;

namespace Eggroll.Tests.Numerics;

/// <summary>The small numeric helpers the trainers lean on: log-sum-exp, the normal quantile and the finiteness check.</summary>
public sealed class NumericHelperTests
{
    [Theory]
    [InlineData(new[] { 0f }, 0.0)]
    [InlineData(new[] { 1f, 2f, 3f }, 3.40760596444438)]
    [InlineData(new[] { -1f, 0.5f, -3f, 2f }, 2.24659064750980)]
    public void LogSumExpIsTheLogOfTheSumOfExponentials(float[] logits, double expected)
    {
        Assert.Equal(Math.Log(logits.Sum(z => Math.Exp(z))), expected, 12);
        Assert.Equal(expected, LogSumExp.Of(logits), 12);
    }

    [Fact]
    public void LogSumExpStaysFiniteWhereTheExponentialsOverflowOrUnderflow()
    {
        Assert.Equal(1000 + Math.Log(2), LogSumExp.Of([1000f, 1000f]), 9);
        Assert.Equal(-1000 + Math.Log(3), LogSumExp.Of([-1000f, -1000f, -1000f]), 9);
        Assert.Equal(800, LogSumExp.Of([800f, -800f]), 9);
    }

    /// <summary>Two-sided standard normal quantiles, as printed in statistical tables.</summary>
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(0.3173105, 1.0)]
    [InlineData(0.1, 1.6448536)]
    [InlineData(0.05, 1.9599640)]
    [InlineData(0.01, 2.5758293)]
    [InlineData(1e-6, 4.8916385)]
    public void NormalQuantileMatchesTheTables(double fraction, double expected)
    {
        Assert.Equal(expected, NormalQuantile.TwoSided(fraction), 5);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void NormalQuantileRejectsAFractionOutsideZeroToOne(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalQuantile.TwoSided(fraction));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(37)]
    public void AllFiniteFindsANonFiniteValueWhereverItIs(int length)
    {
        var values = Enumerable.Range(0, length).Select(i => (i * 1.5f) - 7f).ToArray();
        Assert.True(VectorOps.AllFinite(values));
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            for (int at = 0; at < length; at++)
            {
                float saved = values[at];
                values[at] = bad;
                Assert.False(VectorOps.AllFinite(values), $"{bad} at {at} of {length}");
                values[at] = saved;
            }
        }
    }

    [Fact]
    public void VectorHelpersScaleAddAndDot()
    {
        float[] x = [1f, 2f, 3f], y = [10f, 20f, 30f];

        VectorOps.AddScaled(x, 2f, y);
        VectorOps.Scale(x, -0.5f);

        Assert.Equal([12f, 24f, 36f], y);
        Assert.Equal([-0.5f, -1f, -1.5f], x);
        Assert.Equal((-0.5f * 12f) + (-1f * 24f) + (-1.5f * 36f), VectorOps.Dot(x, y));
    }
}
