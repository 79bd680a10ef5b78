using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>Training really learns: the test loss falls far below the untrained model's.</summary>
public sealed class EndToEndTests
{
    [Theory]
    [InlineData(StrategyKind.Eggroll, 1)]
    [InlineData(StrategyKind.Eggroll, 4)]
    [InlineData(StrategyKind.OpenEs, 1)]
    public void MlpLearnsTheRegressionTask(StrategyKind strategy, int rank)
    {
        var fixture = new TrainingFixture(strategy, rank, population: 128);
        double untrained = fixture.TestLoss();

        fixture.Run(300);
        double trained = fixture.TestLoss();

        Assert.True(untrained > 0.3, $"untrained loss {untrained} should be clearly above the threshold");
        Assert.True(trained < 0.08, $"{strategy} r={rank}: test mse {trained} (untrained {untrained})");
    }
}
