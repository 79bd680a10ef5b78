using System.Diagnostics;
using Eggroll.Cli.Bench;

namespace Eggroll.Tests.Cli;

/// <summary>The warm-up of the benchmarks' timing loop.</summary>
public sealed class BenchTimingTests
{
    [Fact]
    public void Warm_up_rounds_go_on_until_the_minimum_time_has_passed()
    {
        int calls = 0;
        var clock = Stopwatch.StartNew();

        var runs = Timing.Runs([() => calls++], warmup: 1, repeats: 3, minimumWarmupSeconds: 0.05);

        Assert.Equal(3, runs[0].Length);
        Assert.True(calls > 4, $"one warm-up round was enough to fill 50 ms ({calls} calls)");
        Assert.True(clock.Elapsed.TotalSeconds >= 0.05);
    }

    [Fact]
    public void No_warm_up_runs_only_the_timed_rounds()
    {
        int calls = 0;

        var runs = Timing.Runs([() => calls++], warmup: 0, repeats: 3, minimumWarmupSeconds: 10);

        Assert.Equal(3, calls);
        Assert.Equal(3, runs[0].Length);
    }
}
