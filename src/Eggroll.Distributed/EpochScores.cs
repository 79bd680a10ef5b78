namespace Eggroll.Distributed;

/// <summary>
/// What completes an epoch on every replica: every member's float32 score, or, under pair-sign shaping, the packed
/// <see cref="PairOutcomes"/> of every pair (⌈N/10⌉ bytes instead of 4N); and every member's statistics when the job
/// reports any (<see cref="Training.IPopulationJob.MemberStatisticsLength"/> doubles per member).
/// </summary>
public sealed class EpochScores
{
    private readonly float[]? scores;
    private readonly byte[]? outcomes;
    private readonly double[] statistics;

    private EpochScores(float[]? scores, byte[]? outcomes, double[]? statistics)
    {
        this.scores = scores;
        this.outcomes = outcomes;
        this.statistics = statistics ?? [];
    }

    /// <summary>Bytes this epoch's broadcast carries to each worker (the payload, without framing).</summary>
    public int PayloadBytes => (outcomes?.Length ?? (scores!.Length * sizeof(float))) + (statistics.Length * sizeof(double));

    /// <summary>Every member's statistics in member order (empty when the job reports none).</summary>
    public ReadOnlySpan<double> Statistics => statistics;

    /// <summary>Every member's raw score, and <paramref name="statistics"/> if the job reports any.</summary>
    public static EpochScores OfScores(float[] scores, double[]? statistics = null) => new(scores ?? throw new ArgumentNullException(nameof(scores)), null, statistics);

    /// <summary>Every pair's packed outcome, and every member's <paramref name="statistics"/> if the job reports any.</summary>
    public static EpochScores OfOutcomes(byte[] outcomes, double[]? statistics = null) => new(null, outcomes ?? throw new ArgumentNullException(nameof(outcomes)), statistics);

    /// <summary>The scores <see cref="Training.IPopulationJob.Apply"/> takes for a population of <paramref name="population"/> members.</summary>
    public float[] ForApply(int population) => scores ?? PairOutcomes.Scores(outcomes, population);

    /// <summary>Sends the epoch to <paramref name="worker"/>, which applies it if it is at <paramref name="epoch"/>; returns its epoch afterwards.</summary>
    public Task<long> ApplyOn(IScoreWorker worker, long epoch)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return outcomes is null ? worker.Apply(epoch, scores!, statistics) : worker.ApplyOutcomes(epoch, outcomes, statistics);
    }
}
