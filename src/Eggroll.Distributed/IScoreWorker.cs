namespace Eggroll.Distributed;

/// <summary>
/// A worker of a distributed run: a full replica of the run's job that scores the member ranges the coordinator
/// hands it and applies the epoch's gathered scores. Keyed by its index (placement) and the run's id (isolation).
/// Every call names the epoch it belongs to; a replica at another epoch answers with its own and changes nothing.
/// </summary>
public interface IScoreWorker : IGrainWithIntegerCompoundKey
{
    /// <summary>Scores the members of <paramref name="request"/>'s range if the replica is at its epoch.</summary>
    Task<RangeScores> Evaluate(RangeRequest request);

    /// <summary>
    /// Completes <paramref name="epoch"/> with every member's score and statistics (empty when the job reports none) if the
    /// replica is at that epoch; returns the replica's epoch afterwards.
    /// </summary>
    Task<long> Apply(long epoch, float[] scores, double[] memberStatistics);

    /// <summary>
    /// Completes <paramref name="epoch"/> with its packed <see cref="PairOutcomes"/> (pair-sign shaping) and every member's
    /// statistics if the replica is at that epoch; returns the replica's epoch afterwards.
    /// </summary>
    Task<long> ApplyOutcomes(long epoch, byte[] outcomes, double[] memberStatistics);

    /// <summary>
    /// Replaces the replica's state with <paramref name="snapshot"/> (at any epoch, earlier or later than its own); returns
    /// null, or why the replica refused it (another config or model) and kept its own.
    /// </summary>
    Task<string?> Restore(ReplicaSnapshot snapshot);

    /// <summary>The replica's epoch, the 64-bit hash of its state and where it runs.</summary>
    Task<ReplicaState> State();
}
