using Eggroll.Tasks.Experiments;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;

namespace Eggroll.Tests.Experiments;

/// <summary>The RL suite as a library user runs it: from the core library alone, with no command line.</summary>
public sealed class RlSuiteTests
{
    private const long Budget = 1500;

    private static readonly RlSuiteOptions Tiny = new() { Budget = Budget, Seeds = 1, Environments = [CartPole.Name], EvalEpisodes = 5 };

    [Fact]
    public void TheSuiteAndItsTableArePublicTypesOfTheLibraryWhichNeedsNoCommandLineOrPlotting()
    {
        var library = typeof(ConfigException).Assembly;
        Type[] types = [typeof(RlSuite), typeof(RlSuiteOptions), typeof(RlSuiteResult), typeof(RlSuiteRun), typeof(RlSuiteReport), typeof(RlRun), typeof(RlRunConfig)];

        Assert.All(types, t => Assert.True(t.Assembly == library && t.IsPublic, t.FullName));
        Assert.DoesNotContain(library.GetReferencedAssemblies(), a => a.Name is "ScottPlot" or "System.CommandLine" or "Eggroll.Cli");
    }

    [Fact]
    public void EachRunTrainsTheDefaultsUntilTheBudgetAndMatchesARunBuiltByHand()
    {
        var log = new List<string>();

        var result = RlSuite.Run(Tiny, log.Add);

        Assert.Equal(["EGGROLL r=1", "OpenES", "PPO"], result.Runs.Select(r => r.Strategy));
        Assert.Equal(3, log.Count);
        foreach (var run in result.Runs)
        {
            Assert.Equal(run.Epochs, run.Steps.Length);
            Assert.Equal(run.EnvironmentSteps, run.Steps[^1]);
            Assert.True(run.EnvironmentSteps >= Budget && (run.Steps.Length == 1 || run.Steps[^2] < Budget), $"{run.Strategy}: {string.Join(", ", run.Steps)}");
        }

        var (meanReturns, evaluation) = TrainByHand(RlDefaults.For(CartPole.Name));
        var eggroll = result.Runs[0];
        Assert.Equal(meanReturns, eggroll.MeanReturns);
        Assert.Equal(evaluation.Mean, eggroll.EvalMean);
        Assert.Equal(evaluation.StandardDeviation, eggroll.EvalStd);

        // PPO: CleanRL's defaults (4 × 128 steps per epoch), the learning rate annealed over the 3 epochs that cover the budget.
        var ppoDefaults = RlDefaults.ForPpo(CartPole.Name);
        var (ppoReturns, ppoEvaluation) = TrainByHand(ppoDefaults with { Training = ppoDefaults.Training with { Epochs = 3 } });
        var ppo = result.Runs[2];
        Assert.Equal([512.0, 1024, 1536], ppo.Steps);
        Assert.Equal(ppoReturns, ppo.MeanReturns);
        Assert.Equal(ppoEvaluation.Mean, ppo.EvalMean);
    }

    [Fact]
    public void MethodsCanBeChosenAndRunInTheOrderGiven()
    {
        var result = RlSuite.Run(Tiny with { Budget = 1, Methods = [RlSuiteMethod.Ppo, RlSuiteMethod.Eggroll] }, _ => { });

        Assert.Equal(["PPO", "EGGROLL r=1"], result.Runs.Select(r => r.Strategy));
    }

    [Fact]
    public void TheTableHasOneRowPerEnvironmentAndStrategy()
    {
        var result = RlSuite.Run(Tiny with { Budget = 1 }, _ => { });

        string[] rows = RlSuiteReport.Table(result).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(5, rows.Length);
        Assert.StartsWith("| CartPole-v1 | 475 | EGGROLL r=1 |", rows[2], StringComparison.Ordinal);
        Assert.StartsWith("| CartPole-v1 | 475 | OpenES |", rows[3], StringComparison.Ordinal);
        Assert.StartsWith("| CartPole-v1 | 475 | PPO |", rows[4], StringComparison.Ordinal);
    }

    /// <summary>The seed-1 run of <paramref name="config"/> trained epoch by epoch until the budget, then evaluated as the suite does.</summary>
    private static (double[] MeanReturns, EvaluationResult Evaluation) TrainByHand(RlRunConfig config)
    {
        var run = RlRun.Create(config with { Training = config.Training with { Seed = 1 } });
        var job = run.CreateJob();
        var returns = new List<double>();
        for (long steps = 0; steps < Budget;)
        {
            // The two metrics fields every RL method writes.
            var record = job.RunEpoch().ToJson();
            steps += record["rows"]!.GetValue<long>();
            returns.Add(record["scoreMean"]!.GetValue<double>());
        }

        return ([.. returns], run.Evaluate(job, Tiny.EvalEpisodes, 1));
    }
}
