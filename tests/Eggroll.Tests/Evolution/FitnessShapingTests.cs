using Eggroll.Population;

namespace Eggroll.Tests.Evolution;

public sealed class FitnessShapingTests
{
    [Fact]
    public void ZScoreMatchesDefinition()
    {
        float[] scores = [1, 2, 3, 4, 10, -2];
        var shaped = new float[6];

        FitnessShaping.Shape(scores, shaped, ShapingKind.ZScore);

        double mean = scores.Average();
        double variance = scores.Select(s => (s - mean) * (s - mean)).Average();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal((scores[i] - mean) / Math.Sqrt(variance + 1e-5), shaped[i], 5);
        }
    }

    [Fact]
    public void GroupedZScoreCentresEachGroupAndScalesByThePopulationSpread()
    {
        float[] scores = [1, 3, 10, 14];
        var shaped = new float[4];

        FitnessShaping.Shape(scores, shaped, ShapingKind.ZScore, groupSize: 2);

        double mean = scores.Average();
        double std = Math.Sqrt(scores.Select(s => (s - mean) * (s - mean)).Average() + 1e-5);
        Assert.Equal(-1 / std, shaped[0], 5);
        Assert.Equal(1 / std, shaped[1], 5);
        Assert.Equal(-2 / std, shaped[2], 5);
        Assert.Equal(2 / std, shaped[3], 5);
    }

    [Fact]
    public void CentredRanksSpanMinusHalfToHalfAndShareTies()
    {
        float[] scores = [5, -1, 5, 2, 9];
        var shaped = new float[5];

        FitnessShaping.Shape(scores, shaped, ShapingKind.CentredRank);

        Assert.Equal([0.125f, -0.5f, 0.125f, -0.25f, 0.5f], shaped);
    }

    [Fact]
    public void PairSignGivesOnePlusMinusHalfPerPair()
    {
        float[] scores = [3, 1, 0, 2, 4, 4];
        var shaped = new float[6];

        FitnessShaping.Shape(scores, shaped, ShapingKind.PairSign);

        Assert.Equal([0.5f, -0.5f, -0.5f, 0.5f, 0f, 0f], shaped);
    }

    [Theory]
    [InlineData(ShapingKind.ZScore)]
    [InlineData(ShapingKind.CentredRank)]
    [InlineData(ShapingKind.PairSign)]
    [InlineData(ShapingKind.Raw)]
    public void NonFiniteScoresCountAsTheWorstFiniteScore(ShapingKind kind)
    {
        float[] scores = [2, float.NaN, 5, float.PositiveInfinity, float.NegativeInfinity, -1];
        float[] replaced = [2, -1, 5, -1, -1, -1];
        var shaped = new float[6];
        var reference = new float[6];

        int nonFinite = FitnessShaping.Shape(scores, shaped, kind);
        FitnessShaping.Shape(replaced, reference, kind);

        Assert.Equal(3, nonFinite);
        Assert.Equal(reference, shaped);
        Assert.All(shaped, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void AllNonFiniteScoresGiveZeroWeights()
    {
        float[] scores = [float.NaN, float.NaN, float.PositiveInfinity, float.NaN];
        var shaped = new float[] { 9, 9, 9, 9 };

        int nonFinite = FitnessShaping.Shape(scores, shaped, ShapingKind.ZScore);

        Assert.Equal(4, nonFinite);
        Assert.All(shaped, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void EqualScoresGiveZeroZScores()
    {
        var shaped = new float[4];

        FitnessShaping.Shape([7, 7, 7, 7], shaped, ShapingKind.ZScore);

        Assert.All(shaped, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ShapingRejectsAMismatchedDestinationAGroupThatDoesNotDivideAndAnUnknownKind()
    {
        float[] scores = [1f, 2f, 3f, 4f, 5f, 6f];

        Assert.Throws<ArgumentException>(() => FitnessShaping.Shape(scores, new float[5], ShapingKind.Raw));
        Assert.Throws<ArgumentException>(() => FitnessShaping.Shape(scores, new float[6], ShapingKind.ZScore, groupSize: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => FitnessShaping.Shape(scores, new float[6], (ShapingKind)99));
    }

    [Fact]
    public void RawShapingCopiesTheScores()
    {
        float[] scores = [1.5f, -2f, 7f];
        var shaped = new float[3];

        Assert.Equal(0, FitnessShaping.Shape(scores, shaped, ShapingKind.Raw));

        Assert.Equal(scores, shaped);
    }
}
