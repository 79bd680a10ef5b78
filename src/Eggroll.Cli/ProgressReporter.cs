using System.Diagnostics;
using System.Globalization;
using Eggroll.Training;

namespace Eggroll.Cli;

/// <summary>
/// Shows training progress with an ETA: one line rewritten in place on a terminal (at most ten times a
/// second), or, when output is redirected, a plain line every few seconds, after each validation and
/// after the last epoch, so logs stay short and readable.
/// </summary>
internal sealed class ProgressReporter
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);
    private readonly bool interactive = !Console.IsOutputRedirected;
    private readonly Stopwatch sinceLine = Stopwatch.StartNew();
    private bool lineOpen;

    /// <summary>Reports the epoch in <paramref name="progress"/>.</summary>
    public void Report(RunProgress progress)
    {
        var report = progress.Report;
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {report.Epoch}/{progress.TotalEpochs}  {report.Summary}{(progress.Validation is { } v ? "  " + v.Summary : "")}  {Format(progress.Elapsed)} elapsed, ETA {Format(progress.Remaining)}");
        bool due = progress.IsLast || sinceLine.Elapsed >= (interactive ? TerminalInterval : LogInterval);
        if (interactive)
        {
            if (due || progress.Validation is not null)
            {
                Console.Write("\r" + line.PadRight(Math.Max(Console.WindowWidth - 1, line.Length)));
                lineOpen = true;
                sinceLine.Restart();
            }

            return;
        }

        if (due || progress.Validation is not null)
        {
            Console.WriteLine(line);
            sinceLine.Restart();
        }
    }

    /// <summary>Ends the in-place line so later output starts on a fresh line.</summary>
    public void Finish()
    {
        if (lineOpen)
        {
            Console.WriteLine();
            lineOpen = false;
        }
    }

    private static string Format(TimeSpan time) =>
        time.TotalHours >= 1 ? $"{(int)time.TotalHours}h{time.Minutes:D2}m" : time.TotalMinutes >= 1 ? $"{(int)time.TotalMinutes}m{time.Seconds:D2}s" : $"{time.TotalSeconds:F1}s";
}
