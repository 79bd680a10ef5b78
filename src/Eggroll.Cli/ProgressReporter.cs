using System.Diagnostics;
using Eggroll.Training;

namespace Eggroll.Cli;

/// <summary>
/// Shows training progress: a line rewritten in place on a terminal, or one plain line per
/// epoch when output is redirected (so logs stay readable).
/// </summary>
internal sealed class ProgressReporter
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(100);
    private readonly long totalEpochs;
    private readonly bool interactive = !Console.IsOutputRedirected;
    private readonly Stopwatch sinceRefresh = Stopwatch.StartNew();
    private readonly Stopwatch elapsed = Stopwatch.StartNew();
    private bool lineOpen;

    public ProgressReporter(long totalEpochs) => this.totalEpochs = totalEpochs;

    public void Report(EpochMetrics metrics)
    {
        string line = $"epoch {metrics.Epoch}/{totalEpochs}  score mean {metrics.ScoreMean:G5} max {metrics.ScoreMax:G5}" +
            (metrics.NonFiniteScores > 0 ? $"  non-finite {metrics.NonFiniteScores}" : "") +
            $"  {metrics.RowsPerSecond / 1e6:F2}M rows/s  {elapsed.Elapsed.TotalSeconds:F1}s";
        if (!interactive)
        {
            Console.WriteLine(line);
            return;
        }

        if (sinceRefresh.Elapsed >= RefreshInterval || metrics.Epoch == totalEpochs)
        {
            Console.Write("\r" + line.PadRight(Math.Max(Console.WindowWidth - 1, line.Length)));
            lineOpen = true;
            sinceRefresh.Restart();
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
}
