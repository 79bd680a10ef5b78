using Eggroll.Cli.Rl;
using Eggroll.Tasks.Experiments;
using Eggroll.Tasks.Rl;

namespace Eggroll.Cli.Experiments;

/// <summary>The suite's figure of learning curves.</summary>
internal static class RlSuitePlot
{
    /// <summary>One panel per environment: the population's mean return against environment steps, averaged over seeds epoch by epoch.</summary>
    public static void Save(RlSuiteResult result, string path)
    {
        var panels = result.Runs.GroupBy(r => r.Environment).Select(environment =>
        {
            var series = environment.GroupBy(r => r.Strategy).Select(strategy =>
            {
                int length = strategy.Min(r => r.Steps.Length);
                double[] steps = Enumerable.Range(0, length).Select(i => strategy.Average(r => r.Steps[i])).ToArray();
                double[] returns = Enumerable.Range(0, length).Select(i => strategy.Average(r => r.MeanReturns[i])).ToArray();
                return (strategy.Key, steps, returns);
            }).ToList();
            double threshold = EnvironmentRegistry.Find(environment.Key)!.SolvedThreshold;
            return (environment.Key, threshold, (IReadOnlyList<(string, double[], double[])>)series);
        }).ToList();
        LearningCurvePlot.SaveGrid(panels, path);
    }
}
