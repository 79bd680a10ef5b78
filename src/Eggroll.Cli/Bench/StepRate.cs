using System.Diagnostics;
using System.Globalization;

namespace Eggroll.Cli.Bench;

/// <summary>Environment steps per second of wall-clock time and per second of this process's CPU time (the latter is steadier on a shared machine).</summary>
internal readonly record struct StepRate(long Steps, double WallSeconds, double CpuSeconds)
{
    /// <summary>Steps per wall-clock second.</summary>
    public double PerSecond => Steps / WallSeconds;

    /// <summary>Steps per CPU second of the process, all threads together.</summary>
    public double PerCpuSecond => Steps / CpuSeconds;

    /// <summary>Starts timing.</summary>
    public static Timer Start() => new(Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{PerSecond:N0} steps/s ({PerCpuSecond:N0} per CPU second; {Steps:N0} steps in {WallSeconds:F1} s)");

    /// <summary>A running measurement.</summary>
    internal sealed record Timer(Stopwatch Clock, TimeSpan CpuAtStart)
    {
        /// <summary>The rate of <paramref name="steps"/> steps since <see cref="Start"/>.</summary>
        public StepRate Stop(long steps) =>
            new(steps, Clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - CpuAtStart).TotalSeconds);
    }
}
