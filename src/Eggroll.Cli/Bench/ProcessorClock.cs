using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Eggroll.Cli.Bench;

/// <summary>
/// CPU seconds this process has spent, all threads together. On Linux from <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>,
/// to the nanosecond; <see cref="Process.TotalProcessorTime"/> there counts 10 ms clock ticks, too coarse for runs of a few
/// tenths of a second. Elsewhere <see cref="Process.TotalProcessorTime"/>.
/// </summary>
internal static partial class ProcessorClock
{
    private const int ClockProcessCpuTimeId = 2;

    public static double Seconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockProcessCpuTimeId, out var time) == 0)
        {
            return time.Seconds + (time.Nanoseconds * 1e-9);
        }

        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
