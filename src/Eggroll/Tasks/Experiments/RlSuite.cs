using System.Diagnostics;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Ppo;
using Eggroll.Training;

namespace Eggroll.Tasks.Experiments;

/// <summary>
/// The EGGROLL-vs-OpenES-vs-PPO study: every environment × method × seed, each trained with the
/// environment's default hyper-parameters for its method (the evolution defaults for EGGROLL and
/// OpenES, which differ only in the strategy; CleanRL's defaults for PPO) until the same budget of
/// environment steps, then evaluated without noise (PPO: its greedy policy).
/// </summary>
public static class RlSuite
{
    /// <summary>Runs the suite; <paramref name="log"/> receives one line per finished run.</summary>
    public static RlSuiteResult Run(RlSuiteOptions options, Action<string> log)
    {
        var total = Stopwatch.StartNew();
        var runs = new List<RlSuiteRun>();
        foreach (string environment in options.Environments)
        {
            foreach (var method in options.Methods)
            {
                for (ulong seed = 1; seed <= (ulong)options.Seeds; seed++)
                {
                    var run = RunOne(environment, method, seed, options);
                    log($"{environment} {run.Strategy} seed {seed}: return {run.EvalMean:F1} ± {run.EvalStd:F1}, {run.EnvironmentSteps} steps, {run.Epochs} epochs, {run.Seconds:F1}s");
                    runs.Add(run);
                }
            }
        }

        return new RlSuiteResult(options, runs, total.Elapsed.TotalSeconds);
    }

    /// <summary>The run configuration of <paramref name="method"/> on <paramref name="environment"/> with <paramref name="seed"/> and a budget of <paramref name="budget"/> steps.</summary>
    public static RlRunConfig ConfigFor(string environment, RlSuiteMethod method, ulong seed, long budget)
    {
        if (method == RlSuiteMethod.Ppo)
        {
            var ppo = RlDefaults.ForPpo(environment);
            // The learning rate anneals to zero over training.epochs: make that the budget's epochs.
            long epochs = (budget + ppo.Ppo.BatchSize - 1) / ppo.Ppo.BatchSize;
            return ppo with { Training = ppo.Training with { Seed = seed, Epochs = (int)Math.Min(epochs, int.MaxValue) } };
        }

        var defaults = RlDefaults.For(environment);
        var strategy = method == RlSuiteMethod.OpenEs ? StrategyKind.OpenEs : StrategyKind.Eggroll;
        return defaults with
        {
            Evolution = defaults.Evolution with { Strategy = strategy, Rank = 1 },
            Training = defaults.Training with { Seed = seed },
        };
    }

    private static RlSuiteRun RunOne(string environment, RlSuiteMethod method, ulong seed, RlSuiteOptions options)
    {
        var rl = RlRun.Create(ConfigFor(environment, method, seed, options.Budget));
        var job = rl.CreateJob();
        var steps = new List<double>();
        var returns = new List<double>();
        long taken = 0;
        var clock = Stopwatch.StartNew();
        while (taken < options.Budget)
        {
            var (rows, scoreMean) = StepsAndScore(job.RunEpoch());
            taken += rows;
            steps.Add(taken);
            returns.Add(scoreMean);
        }

        double seconds = clock.Elapsed.TotalSeconds;
        var evaluation = rl.Evaluate(job, options.EvalEpisodes, seed);
        return new RlSuiteRun(environment, method.Label(), seed, evaluation.Mean, evaluation.StandardDeviation, taken, job.Epoch, seconds, [.. steps], [.. returns]);
    }

    /// <summary>The environment steps an epoch took and its score: the <c>rows</c> and <c>scoreMean</c> metrics both kinds of RL job write.</summary>
    private static (long Rows, double ScoreMean) StepsAndScore(IEpochReport report) => report switch
    {
        EpochMetrics evolution => (evolution.Rows, evolution.ScoreMean),
        PpoEpochReport ppo => (ppo.Rows, ppo.ScoreMean),
        _ => throw new InvalidOperationException($"an RL job reported {report.GetType().Name}, which has no environment steps"),
    };
}
