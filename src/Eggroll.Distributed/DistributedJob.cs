using System.Diagnostics;
using System.Text.Json.Nodes;
using Eggroll.Training;

namespace Eggroll.Distributed;

/// <summary>
/// A distributed run as an <see cref="ITrainingJob"/>, so that <see cref="RunLoop"/> gives it the metrics, checkpoints,
/// resume and validation of a run on one machine: an epoch is <see cref="DistributedTrainer.RunEpochAsync"/>, and the
/// state, its tensors and <see cref="Restore"/> are the coordinator's replica's. A restored coordinator keeps no scores
/// of earlier epochs, so it sends its state to every worker that is not at its epoch. Given the number of worker silos,
/// it grows to one worker per silo before each epoch, so that silos joining mid-run get work.
/// </summary>
public sealed class DistributedJob : ITrainingJob
{
    private readonly DistributedTrainer coordinator;
    private readonly Func<int>? workerSilos;

    /// <summary>
    /// Wraps <paramref name="coordinator"/>; with <paramref name="workerSilos"/> (how many worker silos the cluster has
    /// now), workers with new keys are added before each epoch while there are fewer workers than silos (worker
    /// placement puts the newest key on the newest silo). A new worker catches up like any that is behind.
    /// </summary>
    public DistributedJob(DistributedTrainer coordinator, Func<int>? workerSilos = null)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        this.coordinator = coordinator;
        this.workerSilos = workerSilos;
    }

    /// <summary>The coordinator this job drives.</summary>
    public DistributedTrainer Coordinator => coordinator;

    /// <inheritdoc/>
    public string Kind => coordinator.Replica.Kind;

    /// <inheritdoc/>
    public long Epoch => coordinator.Epoch;

    /// <inheritdoc/>
    /// <exception cref="ReplicaDivergedException">A worker's state differs from the coordinator's.</exception>
    /// <exception cref="DistributedRunException">No worker was left to score part of the population.</exception>
    public IEpochReport RunEpoch()
    {
        long sent = coordinator.Traffic.Sent, received = coordinator.Traffic.Received;
        var membersBefore = coordinator.MembersScored;
        long start = Stopwatch.GetTimestamp();
        if (workerSilos is not null)
        {
            coordinator.AddWorkersUpTo(workerSilos());
        }

        coordinator.RunEpochAsync().GetAwaiter().GetResult();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var members = coordinator.MembersScored.ToDictionary(w => w.Key, w => w.Value - membersBefore.GetValueOrDefault(w.Key));
        return new DistributedEpochReport(
            coordinator.Replica.Metrics(seconds, coordinator.LastEpochTally),
            coordinator.Traffic.Sent - sent,
            coordinator.Traffic.Received - received,
            members);
    }

    /// <inheritdoc/>
    public IReadOnlyList<StateTensor> StateTensors() => coordinator.Replica.StateTensors();

    /// <inheritdoc/>
    public JsonObject SaveState() => coordinator.Replica.SaveState();

    /// <inheritdoc/>
    public void Restore(long epoch, JsonObject state, CheckpointTensors tensors) => coordinator.Restore(epoch, state, tensors);

    /// <inheritdoc/>
    public string? DescribeDivergence() => coordinator.Replica.DescribeDivergence();
}
