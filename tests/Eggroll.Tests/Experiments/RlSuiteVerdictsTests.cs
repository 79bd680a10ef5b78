using Eggroll.Tasks.Experiments;
using static Eggroll.Tasks.Experiments.RlSuiteVerdicts;

namespace Eggroll.Tests.Experiments;

/// <summary>EGGROLL's better / competitive / worse verdicts against the other methods of the RL suite.</summary>
public sealed class RlSuiteVerdictsTests
{
    [Fact]
    public void EqualRunsWithoutSpreadAreCompetitiveAndAGapBeyondFivePercentOfTheThresholdIsNot()
    {
        Assert.Equal(Verdict.Competitive, Compare([500, 500, 500], [500, 500, 500], 475));
        // 5 % of 475 is 23.75.
        Assert.Equal(Verdict.Competitive, Compare([500, 500, 500], [477, 477, 477], 475));
        Assert.Equal(Verdict.Better, Compare([500, 500, 500], [476, 476, 476], 475));
        Assert.Equal(Verdict.Worse, Compare([-300, -300, -300], [-150, -150, -150], -200));
    }

    [Fact]
    public void TheMarginGrowsToTwoStandardErrorsOfTheDifference()
    {
        // Sample variances 100 and 400 over 3 seeds: standard error sqrt(100/3 + 400/3) = 12.91, margin 25.82 > 5 % of 100.
        double[] eggroll = [90, 100, 110], other = [40, 60, 80];
        Assert.Equal(Verdict.Better, Compare(eggroll, other, 100));
        Assert.Equal(Verdict.Competitive, Compare(eggroll, [75, 95, 115], 100));
        Assert.Equal(Verdict.Competitive, Compare(eggroll, [60.5, 80.5, 100.5], 100));
        Assert.Equal(Verdict.Better, Compare(eggroll, [54, 74, 94], 100));
    }

    [Fact]
    public void TheTableHasAColumnPerOtherMethodAndCountsTheVerdicts()
    {
        RlSuiteRun Run(string environment, string strategy, double final) => new(environment, strategy, 1, final, 0, 100, 1, 1, [100], [final]);
        var result = new RlSuiteResult(new RlSuiteOptions(),
        [
            Run("CartPole-v1", "EGGROLL r=1", 500), Run("CartPole-v1", "OpenES", 500), Run("CartPole-v1", "PPO", 300),
            Run("Pendulum-v1", "EGGROLL r=1", -400), Run("Pendulum-v1", "OpenES", -190), Run("Pendulum-v1", "PPO", -405),
        ], 1);

        string[] lines = RlSuiteVerdicts.Table(result).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("| environment | EGGROLL vs OpenES | EGGROLL vs PPO |", lines[0]);
        Assert.Equal("| CartPole-v1 | competitive (0.0) | better (+200.0) |", lines[2]);
        Assert.Equal("| Pendulum-v1 | worse (-210.0) | competitive (+5.0) |", lines[3]);
        Assert.Equal("EGGROLL vs OpenES: better on 0, competitive on 1, worse on 1.", lines[4]);
        Assert.Equal("EGGROLL vs PPO: better on 1, competitive on 1, worse on 0.", lines[5]);
    }

    [Fact]
    public void WithoutEggrollOrWithoutAnOtherMethodThereIsNoVerdict()
    {
        var onlyEggroll = new RlSuiteResult(new RlSuiteOptions(), [new("CartPole-v1", "EGGROLL r=1", 1, 500, 0, 1, 1, 1, [1], [1])], 1);
        var noEggroll = new RlSuiteResult(new RlSuiteOptions(), [new("CartPole-v1", "PPO", 1, 500, 0, 1, 1, 1, [1], [1])], 1);

        Assert.Equal("", RlSuiteVerdicts.Table(onlyEggroll));
        Assert.Equal("", RlSuiteVerdicts.Table(noEggroll));
    }
}
