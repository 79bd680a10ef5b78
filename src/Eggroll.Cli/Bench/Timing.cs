using System.Diagnostics;

namespace Eggroll.Cli.Bench;

/// <summary>Wall times of repeated runs after warm-up, and their medians.</summary>
internal static class Timing
{
    /// <summary>
    /// The least wall time the warm-up rounds of <see cref="Runs"/> take. The runtime compiles a method first quickly and
    /// recompiles it optimised in the background once it has been called 30 times; a run of a fraction of a millisecond
    /// timed after a few rounds still runs much of its driver code (everything not compiled at once) unoptimised.
    /// </summary>
    public const double MinimumWarmupSeconds = 1.0;

    /// <summary>The median seconds of <paramref name="repeats"/> timed runs of <paramref name="action"/>.</summary>
    public static double MedianSeconds(Action action, int warmup, int repeats) => Median(Runs([action], warmup, repeats)[0]);

    /// <summary>The median seconds of each action, timed in turns as by <see cref="Runs"/>.</summary>
    public static double[] MedianSeconds(Action[] actions, int warmup, int repeats) => Runs(actions, warmup, repeats).Select(Median).ToArray();

    /// <summary>
    /// Seconds of every timed run of every action ([action][run]). The actions take turns
    /// (a, b, a, b, …), so a slow spell of a shared machine slows all of them alike and the ratio
    /// of a run of a to the run of b beside it stays fair. With <paramref name="processorTime"/> a run's
    /// seconds are the CPU time this process spent in it (all threads) instead of wall time: on a machine
    /// crowded with other jobs, time spent waiting for a core then does not count. Before timing, the actions
    /// take <paramref name="warmup"/> untimed rounds and, unless that is zero, more rounds until
    /// <paramref name="minimumWarmupSeconds"/> of wall time have passed (<see cref="MinimumWarmupSeconds"/> by default).
    /// </summary>
    public static double[][] Runs(Action[] actions, int warmup, int repeats, bool processorTime = false, double minimumWarmupSeconds = MinimumWarmupSeconds)
    {
        double warmupEnd = Now(processorTime: false) + minimumWarmupSeconds;
        for (int i = 0; i < warmup || (warmup > 0 && Now(processorTime: false) < warmupEnd); i++)
        {
            foreach (var action in actions)
            {
                action();
            }
        }

        var seconds = actions.Select(_ => new double[repeats]).ToArray();
        for (int i = 0; i < repeats; i++)
        {
            for (int a = 0; a < actions.Length; a++)
            {
                double start = Now(processorTime);
                actions[a]();
                seconds[a][i] = Now(processorTime) - start;
            }
        }

        return seconds;
    }

    /// <summary>Seconds on the wall clock, or of <see cref="ProcessorClock"/> when <paramref name="processorTime"/> is set.</summary>
    public static double Now(bool processorTime) => processorTime ? ProcessorClock.Seconds() : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    /// <summary>
    /// Throughput of <paramref name="runs"/> with <paramref name="reference"/> = 100: the median over rounds
    /// of the reference run's time against the run timed beside it (both from one <see cref="Runs"/>).
    /// </summary>
    public static double MedianPercentOf(double[] reference, double[] runs) => Median(reference.Zip(runs, (r, t) => 100 * r / t));

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
