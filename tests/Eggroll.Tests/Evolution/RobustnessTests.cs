using Eggroll.Population;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tests.Evolution;

/// <summary>Non-finite scores never reach the parameters.</summary>
public sealed class RobustnessTests
{
    [Fact]
    public void NonFiniteScoresAreCountedAndDoNotPoisonParameters()
    {
        var fixture = new TrainingFixture(wrapObjective: inner => new SabotagedObjective(inner));
        var metrics = new List<EpochMetrics>();

        for (int i = 0; i < 5; i++)
        {
            metrics.Add(fixture.Trainer.RunEpoch());
        }

        Assert.All(metrics, m => Assert.Equal(3, m.NonFiniteScores));
        Assert.All(fixture.Snapshot(), values => Assert.All(values, v => Assert.True(float.IsFinite(v))));
        Assert.True(fixture.TestLoss() < new TrainingFixture().TestLoss(), "training should still make progress");
    }

    [Fact]
    public void AnEpochWhereEveryScoreIsNaNLeavesParametersUnchanged()
    {
        var fixture = new TrainingFixture(
            wrapObjective: _ => new ConstantObjective(float.NaN),
            optimizer: new OptimizerConfig { Kind = OptimizerKind.Sgd, LearningRate = 0.1f });
        var before = fixture.Snapshot();

        var metrics = fixture.Trainer.RunEpoch();

        Assert.Equal(fixture.Options.Evolution.Population, metrics.NonFiniteScores);
        Assert.Equal(before, fixture.Snapshot());
    }

    [Fact]
    public void AuthorsConventionScalesTheGradientBySigmaSquaredRootN()
    {
        var textbook = new TrainingFixture(optimizer: new OptimizerConfig { Kind = OptimizerKind.Sgd, LearningRate = 0.5f });
        var authors = new TrainingFixture(optimizer: new OptimizerConfig { Kind = OptimizerKind.Sgd, LearningRate = 0.5f, Convention = LearningRateConvention.Authors });
        var start = textbook.Snapshot();

        textbook.Trainer.RunEpoch();
        authors.Trainer.RunEpoch();

        float factor = 0.05f * 0.05f * MathF.Sqrt(64);
        Assert.Equal(factor, authors.Trainer.GradientScale, 6);
        var stepTextbook = textbook.Snapshot().Zip(start, (a, b) => a.Zip(b, (x, y) => x - y).ToArray()).ToArray();
        var stepAuthors = authors.Snapshot().Zip(start, (a, b) => a.Zip(b, (x, y) => x - y).ToArray()).ToArray();
        Assert.Contains(stepTextbook.SelectMany(s => s), s => Math.Abs(s) > 1e-2f);
        for (int p = 0; p < stepTextbook.Length; p++)
        {
            for (int i = 0; i < stepTextbook[p].Length; i++)
            {
                float expected = stepTextbook[p][i] * factor;
                Assert.True(Math.Abs(expected - stepAuthors[p][i]) <= 1e-6f + (1e-3f * Math.Abs(expected)), $"parameter {p}[{i}]: {expected} vs {stepAuthors[p][i]}");
            }
        }
    }

    private sealed class SabotagedObjective(IObjective inner) : IObjective
    {
        public void Evaluate(PopulationEvaluation evaluation, Span<float> scores)
        {
            inner.Evaluate(evaluation, scores);
            scores[1] = float.NaN;
            scores[4] = float.PositiveInfinity;
            scores[9] = float.NegativeInfinity;
        }
    }

    private sealed class ConstantObjective(float value) : IObjective
    {
        public void Evaluate(PopulationEvaluation evaluation, Span<float> scores) => scores.Fill(value);
    }
}
