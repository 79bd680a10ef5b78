using System.Diagnostics;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Rl;

namespace Eggroll.Tasks.Experiments;

/// <summary>
/// The EGGROLL-vs-OpenES study: every environment × {EGGROLL rank 1, OpenES} × seeds, each
/// trained with the environment's default hyper-parameters (only the strategy differs) until a
/// fixed budget of environment steps, then evaluated without noise.
/// </summary>
public static class RlSuite
{
    /// <summary>The two strategies compared, with their labels.</summary>
    private static readonly (string Label, StrategyKind Strategy)[] Strategies = [("EGGROLL r=1", StrategyKind.Eggroll), ("OpenES", StrategyKind.OpenEs)];

    /// <summary>Runs the suite; <paramref name="log"/> receives one line per finished run.</summary>
    public static RlSuiteResult Run(RlSuiteOptions options, Action<string> log)
    {
        var total = Stopwatch.StartNew();
        var runs = new List<RlSuiteRun>();
        foreach (string environment in options.Environments)
        {
            foreach (var (label, strategy) in Strategies)
            {
                for (ulong seed = 1; seed <= (ulong)options.Seeds; seed++)
                {
                    var run = RunOne(environment, label, strategy, seed, options);
                    log($"{environment} {label} seed {seed}: return {run.EvalMean:F1} ± {run.EvalStd:F1}, {run.EnvironmentSteps} steps, {run.Epochs} epochs, {run.Seconds:F1}s");
                    runs.Add(run);
                }
            }
        }

        return new RlSuiteResult(options, runs, total.Elapsed.TotalSeconds);
    }

    private static RlSuiteRun RunOne(string environment, string label, StrategyKind strategy, ulong seed, RlSuiteOptions options)
    {
        var defaults = RlDefaults.For(environment);
        var config = defaults with
        {
            Evolution = defaults.Evolution with { Strategy = strategy, Rank = 1 },
            Training = defaults.Training with { Seed = seed },
        };
        var rl = RlRun.Create(config);
        var trainer = rl.CreateTrainer();
        var steps = new List<double>();
        var returns = new List<double>();
        long taken = 0;
        var clock = Stopwatch.StartNew();
        while (taken < options.Budget)
        {
            var metrics = trainer.RunEpoch();
            taken += metrics.Rows;
            steps.Add(taken);
            returns.Add(metrics.ScoreMean);
        }

        double seconds = clock.Elapsed.TotalSeconds;
        var evaluation = rl.Evaluate(options.EvalEpisodes, seed);
        return new RlSuiteRun(environment, label, seed, evaluation.Mean, evaluation.StandardDeviation, taken, trainer.Epoch, seconds, [.. steps], [.. returns]);
    }
}
