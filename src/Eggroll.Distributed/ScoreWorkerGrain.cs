using Eggroll.Training;

namespace Eggroll.Distributed;

/// <summary>
/// The worker: builds its replica from the silo's <see cref="WorkerJob"/> on activation (at epoch 0; the coordinator
/// brings it up to date by replaying the scores of the epochs since, or by sending its state) and runs one call at a time.
/// </summary>
[WorkerPlacement]
public sealed class ScoreWorkerGrain : Grain, IScoreWorker
{
    private readonly Trainer replica;

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
            return Task.FromResult(new RangeScores(replica.Epoch, request.FirstMember, [], 0));
        }

        var scores = new float[request.Count];
        replica.Evaluate(request.FirstMember, scores);
        return Task.FromResult(new RangeScores(replica.Epoch, request.FirstMember, scores, replica.RowsEvaluated));
    }

    /// <inheritdoc/>
    public Task<long> Apply(long epoch, float[] scores)
    {
        if (epoch == replica.Epoch)
        {
            replica.Apply(scores);
        }

        return Task.FromResult(replica.Epoch);
    }

    /// <inheritdoc/>
    public Task<string?> Restore(ReplicaSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        try
        {
            snapshot.RestoreInto(replica);
            return Task.FromResult<string?>(null);
        }
        catch (CheckpointException e)
        {
            return Task.FromResult<string?>(e.Message);
        }
    }

    /// <inheritdoc/>
    public Task<ReplicaState> State() => Task.FromResult(new ReplicaState(replica.Epoch, StateHash.Of(replica), RuntimeIdentity));
}
