using Eggroll.Noise;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>Training really learns: the test loss falls far below the untrained model's.</summary>
public sealed class EndToEndTests
{
    [Theory]
    [InlineData(StrategyKind.Eggroll, 1, 0, NoiseDistribution.Gaussian)]
    [InlineData(StrategyKind.Eggroll, 4, 0, NoiseDistribution.Gaussian)]
    [InlineData(StrategyKind.Eggroll, 4, 1 << 16, NoiseDistribution.Gaussian)]
    [InlineData(StrategyKind.Eggroll, 4, 0, NoiseDistribution.Rademacher)]
    [InlineData(StrategyKind.OpenEs, 1, 0, NoiseDistribution.Gaussian)]
    public void MlpLearnsTheRegressionTask(StrategyKind strategy, int rank, int noiseTable, NoiseDistribution noise)
    {
        var fixture = new TrainingFixture(strategy, rank, population: 128, noiseTable: noiseTable, noise: noise);
        double untrained = fixture.TestLoss();

        fixture.Run(300);
        double trained = fixture.TestLoss();

        Assert.True(untrained > 0.3, $"untrained loss {untrained} should be clearly above the threshold");
        Assert.True(trained < 0.08, $"{strategy} r={rank} table {noiseTable} {noise}: test mse {trained} (untrained {untrained})");
    }
}
