using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Tests.Numerics;

/// <summary>The Rademacher streams (docs/algorithm.md §1.5): the documented bits of the documented Philox blocks, in any slice.</summary>
public sealed class SignNoiseTests
{
    private static readonly NoiseKey Key = new(0x0123456789ABCDEFUL, ParameterId: 5, NoiseEpoch: 8, Pair: 13);

    public static TheoryData<KernelLevel> Paths => new(KernelCases.Levels);

    /// <summary>5,000 elements: whole runs of 16 and of 8 blocks, then single blocks and a partial one, on every path.</summary>
    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void ElementIIsMinusOneExactlyWhenItsBitOfItsPhiloxBlockIsSet(KernelLevel level)
    {
        var path = NoisePaths.For(level);
        KernelCases.SkipUnless(NoisePaths.IsSupported(path), path);
        var values = new float[5000];
        SignNoise.Fill(Key, 0, values, path);

        for (int i = 0; i < values.Length; i++)
        {
            var (x0, x1, x2, x3) = Philox.Block(0x89ABCDEFu, 0x01234567u ^ SignNoise.KeyTag, (uint)(i / 128), 13, 8, 5);
            uint word = ((i % 128) / 32) switch { 0 => x0, 1 => x1, 2 => x2, _ => x3 };
            Assert.Equal(((word >> (i % 32)) & 1) == 1 ? -1f : 1f, values[i]);
        }
    }

    /// <summary>
    /// 37 pairs. 3 blocks a pair: two runs of 16 pairs (or four of 8), two blocks at once then one on AVX-512, then pair by pair.
    /// 16 and 32 blocks: two pairs at once on AVX-512 and the odd pair alone (32 blocks as two runs of 16 at once); 20 blocks:
    /// pair by pair, a run of 16 and four single blocks.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void PairsGeneratedTogetherGetEachPairsOwnWords(KernelLevel level)
    {
        var path = NoisePaths.For(level);
        KernelCases.SkipUnless(NoisePaths.IsSupported(path), path);
        foreach (int blocks in new[] { 3, 16, 20, 32 })
        {
            var words = new uint[37 * 4 * blocks];
            SignNoise.FillPairWords(Key with { Pair = 5 }, 37, blocks, words, path);

            for (int pair = 0; pair < 37; pair++)
            {
                var expected = new uint[4 * blocks];
                SignNoise.FillWords(Key with { Pair = (uint)(5 + pair) }, 0, expected, NoisePath.Scalar);
                Assert.Equal(expected, words.AsSpan(pair * 4 * blocks, 4 * blocks).ToArray());
            }
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 27)]
    [InlineData(31, 70)]
    [InlineData(127, 300)]
    [InlineData(128, 2048)]
    [InlineData(250, 2500)]
    [InlineData(333, 1)]
    public void AnySliceEqualsTheSameElementsOfTheWholeStream(int start, int length)
    {
        var whole = new float[3000];
        SignNoise.Fill(Key, 0, whole);
        var slice = new float[length];

        SignNoise.Fill(Key, start, slice);

        Assert.Equal(whole.AsSpan(start, length).ToArray(), slice);
    }

    [Fact]
    public void SignsAreBalancedAndDependOnEveryKeyField()
    {
        var values = new float[1 << 16];
        SignNoise.Fill(Key, 0, values);

        // The sum of 65,536 fair signs has standard deviation 256: 5 standard deviations is 1,280.
        Assert.All(values, v => Assert.True(v is 1f or -1f));
        Assert.InRange(values.Sum(), -1280, 1280);
        NoiseKey[] others = [Key with { Seed = Key.Seed + 1 }, Key with { Seed = Key.Seed ^ (1UL << 40) }, Key with { ParameterId = 6 }, Key with { NoiseEpoch = 9 }, Key with { Pair = 14 }];
        foreach (var other in others)
        {
            var changed = new float[128];
            SignNoise.Fill(other, 0, changed);
            Assert.NotEqual(values.AsSpan(0, 128).ToArray(), changed);
        }
    }

    [Fact]
    public void RangesOutsideTheStreamAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SignNoise.Fill(Key, -1, new float[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SignNoise.Fill(Key, SignNoise.MaxElements - 1, new float[2]));
    }
}
