using Eggroll.Noise;

namespace Eggroll.Tests.Numerics;

public class CounterRandomTests
{
    [Fact]
    public void NextUIntIsDeterministicAndVariesWithEveryArgument()
    {
        uint value = CounterRandom.NextUInt(42, 3, 9);
        Assert.Equal(value, CounterRandom.NextUInt(42, 3, 9));
        Assert.NotEqual(value, CounterRandom.NextUInt(43, 3, 9));
        Assert.NotEqual(value, CounterRandom.NextUInt(42, 4, 9));
        Assert.NotEqual(value, CounterRandom.NextUInt(42, 3, 10));
    }

    [Fact]
    public void NextIntIsInRangeAndRoughlyUniform()
    {
        // 10^5 draws into 10 buckets: chi-square with 9 degrees of freedom has mean 9 and
        // standard deviation √18 ≈ 4.2; P(χ² > 40) ≈ 5e-6.
        const int draws = 100_000, buckets = 10;
        int[] counts = new int[buckets];
        for (uint i = 0; i < draws; i++)
        {
            int value = CounterRandom.NextInt(7, 1, i, buckets);
            Assert.InRange(value, 0, buckets - 1);
            counts[value]++;
        }

        double expected = (double)draws / buckets;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 40, $"chi-square {chiSquare}");
    }

    [Fact]
    public void NextIntCoversLargeRanges()
    {
        int max = 0;
        for (uint i = 0; i < 1000; i++)
        {
            int value = CounterRandom.NextInt(7, 2, i, int.MaxValue);
            Assert.InRange(value, 0, int.MaxValue - 1);
            max = Math.Max(max, value);
        }

        Assert.True(max > int.MaxValue / 2);
        Assert.Equal(0, CounterRandom.NextInt(7, 2, 0, 1));
    }

    [Fact]
    public void NonPositiveExclusiveMaxThrows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CounterRandom.NextInt(7, 1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CounterRandom.NextInt(7, 1, 0, -5));
    }
}
