using Eggroll.Noise;

namespace Eggroll.Tests.Numerics;

public class CounterRandomTests
{
    // Random123's kat_vectors for philox4x32 with 10 rounds: counter words 0..3, key words 0..1, output words 0..3.
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void TheTestsOwnPhiloxReproducesTheRandom123KnownAnswers(
        uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint x0, uint x1, uint x2, uint x3) =>
        Assert.Equal([x0, x1, x2, x3], ReferencePhilox([c0, c1, c2, c3], k0, k1));

    [Theory]
    [InlineData(0ul, 0u, 0u)]
    [InlineData(42ul, 3u, 9u)]
    [InlineData(0x0123_4567_89AB_CDEFul, 0xFFFF_FFFEu, 123_456u)]
    public void NextUIntIsWordZeroOfThePhiloxBlockOfIndexStreamAndTag(ulong seed, uint stream, uint index)
    {
        var block = ReferencePhilox([index, stream, uint.MaxValue, 0], (uint)seed, (uint)(seed >> 32));

        Assert.Equal(block[0], CounterRandom.NextUInt(seed, stream, index));
        Assert.NotEqual(CounterRandom.NextUInt(seed, stream, index), CounterRandom.NextUInt(seed, stream + 1, index));
    }

    [Theory]
    [InlineData(7ul, 1u, 5u, 10)]
    [InlineData(99ul, 2u, 77u, int.MaxValue)]
    [InlineData(0xFEDC_BA98_7654_3210ul, 4u, 11u, 1_000_003)]
    public void NextIntScalesTheFirstSixtyFourBitsOfTheBlockByTheRange(ulong seed, uint stream, uint index, int exclusiveMax)
    {
        var block = ReferencePhilox([index, stream, uint.MaxValue, 0], (uint)seed, (uint)(seed >> 32));
        var bits = (System.Numerics.BigInteger)(((ulong)block[1] << 32) | block[0]);

        Assert.Equal((int)(bits * exclusiveMax >> 64), CounterRandom.NextInt(seed, stream, index, exclusiveMax));
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

    /// <summary>Philox4x32-10 from its published definition (Salmon et al., SC11): ten rounds of two 32×32→64 products, key bumped by the Weyl constants.</summary>
    private static uint[] ReferencePhilox(uint[] counter, uint k0, uint k1)
    {
        var x = (uint[])counter.Clone();
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = 0xD2511F53ul * x[0], p1 = 0xCD9E8D57ul * x[2];
            x = [(uint)(p1 >> 32) ^ x[1] ^ k0, (uint)p1, (uint)(p0 >> 32) ^ x[3] ^ k1, (uint)p0];
            k0 += 0x9E3779B9;
            k1 += 0xBB67AE85;
        }

        return x;
    }
}
