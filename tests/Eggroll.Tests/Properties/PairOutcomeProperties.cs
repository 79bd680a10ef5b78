using CsCheck;
using Eggroll.Distributed;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Properties;

/// <summary>
/// Packed ternary pair outcomes: digits survive packing, and scores packed range by range, gathered and unpacked are
/// shaped by pair signs into exactly the pair weights of the raw scores, non-finite scores and ties included (the
/// shaped vectors themselves may differ in the sign of a zero: an all-non-finite epoch shapes to +0, a tie to ±0).
/// </summary>
public sealed class PairOutcomeProperties
{
    /// <summary>Few distinct values, so that ties, equal lowest scores and non-finite members are common.</summary>
    private static readonly Gen<float[]> Scores =
        Gen.OneOf(new[] { -2f, -1f, 0f, 0.5f, 3f, float.NaN, float.PositiveInfinity, float.NegativeInfinity }).Array[Gen.Int[1, 60].Select(p => 2 * p)];

    [Fact]
    public void DigitsSurvivePackingAndUnpacking()
    {
        foreach (var digits in Cases.Draw(Gen.Byte[0, 2].Array[0, 80], count: 300, seed: 43))
        {
            var packed = PairOutcomes.Pack(digits);
            var unpacked = new byte[digits.Length];

            Assert.Equal(PairOutcomes.DigitBytes(digits.Length), packed.Length);
            Assert.All(packed, b => Assert.True(b <= PairOutcomes.MaxByte));
            Assert.Null(PairOutcomes.TryUnpack(packed, unpacked));
            Assert.Equal(digits, unpacked);
        }
    }

    [Fact]
    public void RangesPackedGatheredAndUnpackedShapeLikeTheRawScores()
    {
        foreach (var (scores, parts) in Cases.Draw(Gen.Select(Scores, Gen.Int[1, 7]), count: 500, seed: 47))
        {
            var ranges = MemberRanges.Split(scores.Length, parts);
            var gathering = new EpochGathering(3, ranges, packed: true);
            foreach (var (range, index) in ranges.Select((r, i) => (r, i)))
            {
                var answer = new RangeScores(3, range.First, [], PairOutcomes.PackRange(scores.AsSpan(range.First, range.Count)));
                Assert.Null(gathering.Accept(index, answer));
            }

            var outcome = gathering.Complete();

            Assert.Equal(PairOutcomes.DigitBytes(scores.Length / 2), outcome.PayloadBytes);
            Assert.Equal(Bits(PairWeights(scores)), Bits(PairWeights(outcome.ForApply(scores.Length))));
        }
    }

    [Theory]
    [InlineData(new byte[] { 7 }, 6, "1 packed bytes for 6 pairs (expected 2)")]
    [InlineData(new byte[] { 7, 1, 0 }, 6, "3 packed bytes for 6 pairs (expected 2)")]
    [InlineData(new byte[] { 243, 1 }, 6, "packed byte 0 is 243 (at most 242)")]
    [InlineData(new byte[] { 255 }, 5, "packed byte 0 is 255 (at most 242)")]
    [InlineData(new byte[] { 0, 3 }, 6, "packed byte 1 has digits past pair 5")]
    public void MalformedPackedOutcomesAreRejected(byte[] packed, int pairs, string reason)
    {
        Assert.Equal(reason, PairOutcomes.TryUnpack(packed, new byte[pairs]));
        var error = Assert.Throws<ArgumentException>(() => PairOutcomes.Scores(packed, 2 * pairs));
        Assert.StartsWith($"malformed pair outcomes: {reason}.", error.Message, StringComparison.Ordinal);
    }

    private static float[] PairWeights(float[] scores)
    {
        var shaped = new float[scores.Length];
        var weights = new float[scores.Length / 2];
        FitnessShaping.Shape(scores, shaped, ShapingKind.PairSign);
        AntitheticPairs.PairWeights(shaped, weights);
        return weights;
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
