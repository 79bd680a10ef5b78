using Eggroll.Training;

namespace Eggroll.Distributed;

/// <summary>
/// The worker: builds its replica from the silo's <see cref="WorkerJob"/> on activation (at epoch 0; the coordinator
/// brings it up to date by replaying the scores of the epochs since, or by sending its state) and runs one call at a time.
/// </summary>
[WorkerPlacement]
public sealed class ScoreWorkerGrain : Grain, IScoreWorker
{
    private readonly IPopulationJob replica;
    private (long Epoch, ulong Hash) hashed = (-1, 0);

    /// <summary>Creates the worker and its replica.</summary>
    public ScoreWorkerGrain(WorkerJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        replica = job.Create();
    }

    /// <inheritdoc/>
    public Task<RangeScores> Evaluate(RangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Epoch != replica.Epoch)
        {
            return Task.FromResult(new RangeScores(replica.Epoch, request.FirstMember, []));
        }

        var scores = new float[request.Count];
        var statistics = new double[request.Count * replica.MemberStatisticsLength];
        replica.Evaluate(request.FirstMember, scores, statistics);
        ulong hash = request.ReportHash ? HashOfEpoch() : 0;
        var tally = replica.LastTally;
        double[]? reported = statistics.Length == 0 ? null : statistics;
        return Task.FromResult(replica.UsesPairSignsOnly
            ? new RangeScores(replica.Epoch, request.FirstMember, [], PairOutcomes.PackRange(scores), hash, tally.Rows, tally.Loss, reported)
            : new RangeScores(replica.Epoch, request.FirstMember, scores, null, hash, tally.Rows, tally.Loss, reported));
    }

    /// <inheritdoc/>
    public Task<long> Apply(long epoch, float[] scores, double[] memberStatistics)
    {
        if (epoch == replica.Epoch)
        {
            replica.Apply(scores, memberStatistics);
        }

        return Task.FromResult(replica.Epoch);
    }

    /// <inheritdoc/>
    public Task<long> ApplyOutcomes(long epoch, byte[] outcomes, double[] memberStatistics) => Apply(epoch, PairOutcomes.Scores(outcomes, replica.Population), memberStatistics);

    /// <inheritdoc/>
    public Task<string?> Restore(ReplicaSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        try
        {
            snapshot.RestoreInto(replica);
            // The restored state may differ from the old one at the same epoch.
            hashed = (-1, 0);
            return Task.FromResult<string?>(null);
        }
        catch (CheckpointException e)
        {
            return Task.FromResult<string?>(e.Message);
        }
    }

    /// <inheritdoc/>
    public Task<ReplicaState> State() => Task.FromResult(new ReplicaState(replica.Epoch, HashOfEpoch(), RuntimeIdentity));

    /// <summary>The replica's state hash, computed once per epoch.</summary>
    private ulong HashOfEpoch()
    {
        if (hashed.Epoch != replica.Epoch)
        {
            hashed = (replica.Epoch, StateHash.Of(replica));
        }

        return hashed.Hash;
    }
}
