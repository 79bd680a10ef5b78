using System.Diagnostics;

namespace Eggroll.Cli.Bench;

/// <summary>Median wall time of repeated runs after warm-up.</summary>
internal static class Timing
{
    /// <summary>The median seconds of <paramref name="repeats"/> timed runs of <paramref name="action"/>.</summary>
    public static double MedianSeconds(Action action, int warmup, int repeats) => MedianSeconds([action], warmup, repeats)[0];

    /// <summary>
    /// The median seconds of each action, run in turns (a, b, a, b, …) so that a slow spell of a
    /// shared machine slows all of them alike and their ratio stays fair.
    /// </summary>
    public static double[] MedianSeconds(Action[] actions, int warmup, int repeats)
    {
        for (int i = 0; i < warmup; i++)
        {
            foreach (var action in actions)
            {
                action();
            }
        }

        var seconds = new double[actions.Length][];
        for (int a = 0; a < actions.Length; a++)
        {
            seconds[a] = new double[repeats];
        }

        for (int i = 0; i < repeats; i++)
        {
            for (int a = 0; a < actions.Length; a++)
            {
                var clock = Stopwatch.StartNew();
                actions[a]();
                seconds[a][i] = clock.Elapsed.TotalSeconds;
            }
        }

        return seconds.Select(Median).ToArray();
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
