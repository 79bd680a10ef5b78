namespace Eggroll.Population.Strategies;

/// <summary>
/// Pairs cut into <see cref="Count"/> runs of consecutive pairs for the threads to claim, each run at least a minimum of
/// work where there is that much, so that small layers do not pay a thread hand-over per pair. What a pair gets does
/// not depend on the runs.
/// </summary>
/// <param name="Pairs">Number of pairs.</param>
/// <param name="Count">Number of runs, between 1 and <paramref name="Pairs"/>.</param>
internal readonly record struct PairRuns(int Pairs, int Count)
{
    /// <summary>Runs of <paramref name="pairs"/> pairs holding <paramref name="work"/> units in all, at least <paramref name="minWorkPerRun"/> a run.</summary>
    public static PairRuns For(int pairs, long work, int minWorkPerRun) => new(pairs, (int)Math.Clamp(work / minWorkPerRun, 1, Math.Max(pairs, 1)));

    /// <summary>The pairs [First, End) of run <paramref name="run"/>.</summary>
    public (int First, int End) Range(int run) => ((int)((long)run * Pairs / Count), (int)((long)(run + 1) * Pairs / Count));
}
