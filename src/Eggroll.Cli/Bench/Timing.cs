using System.Diagnostics;

namespace Eggroll.Cli.Bench;

/// <summary>Median wall time of repeated runs after warm-up.</summary>
internal static class Timing
{
    public static double MedianSeconds(Action action, int warmup, int repeats)
    {
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }

        Array.Sort(seconds);
        return repeats % 2 == 1 ? seconds[repeats / 2] : (seconds[(repeats / 2) - 1] + seconds[repeats / 2]) / 2;
    }
}
