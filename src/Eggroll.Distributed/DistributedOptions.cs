namespace Eggroll.Distributed;

/// <summary>How the coordinator spreads an epoch over its workers and watches them.</summary>
public sealed record DistributedOptions
{
    /// <summary>Member ranges per available worker and epoch (more ranges balance uneven workers at a small cost per call).</summary>
    public int RangesPerWorker { get; init; } = 2;

    /// <summary>After this long without an answer a range is re-issued to an idle worker; the first answer wins.</summary>
    public TimeSpan StragglerTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the coordinator waits for workers to apply an epoch or report their state before it goes on without them.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every this many epochs (and before the first) every available worker's state hash is compared with the coordinator's.</summary>
    public int HashEvery { get; init; } = 10;

    /// <summary>
    /// Scores of this many latest epochs are kept to replay to a worker that is behind; a worker further behind (or any
    /// worker after the coordinator was restored from a checkpoint) is sent the coordinator's state instead.
    /// </summary>
    public int ReplayEpochs { get; init; } = 100;

    /// <summary>
    /// Take NaN and ±∞ float scores from workers (they count as the epoch's lowest finite score, as on one machine);
    /// off by default, so that a faulty worker's non-finite answer is refused and its range re-scored elsewhere. Turn it
    /// on for runs whose members may legitimately diverge. Pair-sign runs send pair outcomes and do not need it.
    /// </summary>
    public bool AcceptNonFiniteScores { get; init; }
}
