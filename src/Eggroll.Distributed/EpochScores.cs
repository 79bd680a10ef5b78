namespace Eggroll.Distributed;

/// <summary>
/// What completes an epoch on every replica: every member's float32 score, or, under pair-sign shaping, the packed
/// <see cref="PairOutcomes"/> of every pair (⌈N/10⌉ bytes instead of 4N).
/// </summary>
public sealed class EpochScores
{
    private readonly float[]? scores;
    private readonly byte[]? outcomes;

    private EpochScores(float[]? scores, byte[]? outcomes)
    {
        this.scores = scores;
        this.outcomes = outcomes;
    }

    /// <summary>Bytes this epoch's broadcast carries to each worker (the payload, without framing).</summary>
    public int PayloadBytes => outcomes?.Length ?? (scores!.Length * sizeof(float));

    /// <summary>Every member's raw score.</summary>
    public static EpochScores OfScores(float[] scores) => new(scores ?? throw new ArgumentNullException(nameof(scores)), null);

    /// <summary>Every pair's packed outcome.</summary>
    public static EpochScores OfOutcomes(byte[] outcomes) => new(null, outcomes ?? throw new ArgumentNullException(nameof(outcomes)));

    /// <summary>The scores <see cref="Training.IPopulationJob.Apply"/> takes for a population of <paramref name="population"/> members.</summary>
    public float[] ForApply(int population) => scores ?? PairOutcomes.Scores(outcomes, population);

    /// <summary>Sends the epoch to <paramref name="worker"/>, which applies it if it is at <paramref name="epoch"/>; returns its epoch afterwards.</summary>
    public Task<long> ApplyOn(IScoreWorker worker, long epoch)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return outcomes is null ? worker.Apply(epoch, scores!) : worker.ApplyOutcomes(epoch, outcomes);
    }
}
