using System.Diagnostics;
using Eggroll.Training;

namespace Eggroll.Distributed;

/// <summary>
/// The coordinator of one population spread over workers. It owns the epoch: splits the population into pair-aligned
/// member ranges, hands them to idle workers, re-issues a range that a worker lost or answers too slowly (the first
/// answer wins: every answer for a member is the same bits), applies the gathered float32 scores (or, under pair-sign
/// shaping, packed pair outcomes) to its own replica and sends them to every worker, which applies the identical update.
/// Only scores cross the network. A worker that
/// is behind (new, restarted, or busy while others moved on) is brought up to date by replaying the scores of the
/// epochs it missed, which the coordinator keeps for the last <see cref="DistributedOptions.ReplayEpochs"/> epochs, or,
/// when it is further behind or at another epoch altogether, by sending it the coordinator's state. Before the first epoch and every <see cref="DistributedOptions.HashEvery"/>
/// epochs the workers' state hashes are compared with the coordinator's, and any difference stops the run.
/// </summary>
public sealed class DistributedTrainer
{
    private readonly IGrainFactory grains;
    private readonly string runId;
    private readonly DistributedOptions options;
    private readonly List<WorkerSlot> workers = [];
    private readonly Dictionary<long, EpochScores> history = [];
    private readonly Lock snapshotGate = new();
    private ReplicaSnapshot? snapshot;
    private readonly List<string> faults = [];
    private readonly Lock faultsGate = new();
    private bool verified;

    /// <summary>
    /// Creates the coordinator of run <paramref name="runId"/> over the workers with keys <paramref name="workerIndices"/>;
    /// <paramref name="replica"/> is its own copy of the job, built like the workers' (at any epoch: workers at another
    /// epoch are sent its state).
    /// </summary>
    public DistributedTrainer(IGrainFactory grains, string runId, IPopulationJob replica, IEnumerable<long> workerIndices, DistributedOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(replica);
        ArgumentNullException.ThrowIfNull(workerIndices);
        this.grains = grains;
        this.runId = runId;
        this.options = options ?? new DistributedOptions();
        Replica = replica;
        foreach (long index in workerIndices)
        {
            AddWorker(index);
        }
    }

    /// <summary>The coordinator's replica: the run's state, bit-identical to every worker's.</summary>
    public IPopulationJob Replica { get; }

    /// <summary>Epochs completed.</summary>
    public long Epoch => Replica.Epoch;

    /// <summary>What went wrong so far and how it was handled, one line each (lost workers, re-issued ranges, refused answers).</summary>
    public IReadOnlyList<string> Faults
    {
        get
        {
            lock (faultsGate)
            {
                return [.. faults];
            }
        }
    }

    /// <summary>Estimated payload bytes exchanged with the workers so far.</summary>
    public WireTraffic Traffic { get; } = new();

    /// <summary>The tallies of the last epoch's evaluations on the workers, summed (its rows and, where the job has one, its loss).</summary>
    public EvaluationTally LastEpochTally { get; private set; }

    /// <summary>Members each worker has scored (the answers that were used), by worker key.</summary>
    public IReadOnlyDictionary<long, long> MembersScored => workers.ToDictionary(w => w.Index, w => w.MembersScored);

    /// <summary>Workers of the run (keys given or added so far).</summary>
    public int WorkerCount => workers.Count;

    /// <summary>Adds workers with the smallest unused keys until the run has <paramref name="count"/>; each joins at the next epoch.</summary>
    public void AddWorkersUpTo(int count)
    {
        for (long key = 0; workers.Count < count; key++)
        {
            if (workers.All(w => w.Index != key))
            {
                AddWorker(key);
            }
        }
    }

    /// <summary>Adds worker <paramref name="index"/>; it joins at the next epoch, catching up from the kept scores.</summary>
    public void AddWorker(long index)
    {
        if (workers.Any(w => w.Index == index))
        {
            throw new ArgumentException($"Worker {index} is already part of run '{runId}'.", nameof(index));
        }

        workers.Add(new WorkerSlot(index, grains.GetGrain<IScoreWorker>(index, runId)));
    }

    /// <summary>
    /// Puts the coordinator's replica back where a checkpoint left it (see <see cref="ITrainingJob.Restore"/>); the
    /// scores kept for replay are dropped, so workers are brought to that epoch by sending them the state.
    /// </summary>
    public void Restore(long epoch, System.Text.Json.Nodes.JsonObject state, CheckpointTensors tensors)
    {
        Replica.Restore(epoch, state, tensors);
        history.Clear();
        verified = false;
    }

    /// <summary>Runs one epoch over the workers.</summary>
    /// <exception cref="ReplicaDivergedException">A worker's state differs from the coordinator's.</exception>
    /// <exception cref="DistributedRunException">No worker was left to score part of the population.</exception>
    public async Task RunEpochAsync()
    {
        if (!verified)
        {
            await VerifyReplicasAsync();
            verified = true;
        }

        long epoch = Epoch;
        var scores = await GatherAsync(epoch);
        Replica.Apply(scores.ForApply(Replica.Population), scores.Statistics);
        history[epoch] = scores;
        history.Remove(epoch - options.ReplayEpochs);
        await WithinCallTimeoutAsync(workers.Where(w => w.IsIdle && w.FailedEpoch != epoch).Select(w => w.Busy = ApplyOnAsync(w, epoch, scores)));
        if (Epoch % options.HashEvery == 0)
        {
            await VerifyReplicasAsync();
        }
    }

    /// <summary>Compares the state hash of every idle worker at the coordinator's epoch with the coordinator's.</summary>
    public async Task VerifyReplicasAsync()
    {
        ulong expected = StateHash.Of(Replica);
        var asked = workers.Where(w => w.IsIdle).Select(w => (Worker: w, State: StateOfAsync(w))).ToList();
        foreach (var (worker, state) in asked)
        {
            worker.Busy = state;
        }

        await WithinCallTimeoutAsync(asked.Select(a => a.State));
        foreach (var (worker, state) in asked)
        {
            if (state.IsCompleted && state.Result is { } reported && reported.Epoch == Epoch && reported.Hash != expected)
            {
                throw new ReplicaDivergedException(
                    $"worker {worker.Index} on {reported.Silo} has state hash {reported.Hash:x16} after epoch {Epoch} but the coordinator has {expected:x16}: " +
                    "the replicas diverged (a different run config, code version or numeric kernels); stopping.");
            }
        }
    }

    private async Task<EpochScores> GatherAsync(long epoch)
    {
        int population = Replica.Population;
        int available = Math.Max(1, workers.Count(w => w.IsIdle));
        var ranges = MemberRanges.Split(population, available * options.RangesPerWorker);
        ulong? expectedHash = epoch % options.HashEvery == 0 ? StateHash.Of(Replica) : null;
        var gathering = new EpochGathering(epoch, ranges, Replica.UsesPairSignsOnly, expectedHash, options.AcceptNonFiniteScores, Replica.MemberStatisticsLength, statistics => Replica.DescribeInvalidStatistics(statistics));
        var done = new bool[ranges.Length];
        int remaining = ranges.Length;
        var pending = new Queue<int>(Enumerable.Range(0, ranges.Length));
        var running = new List<(Task<RangeOutcome> Call, int Range, WorkerSlot Worker, long Started)>();
        string lastFault = "none";
        var tally = default(EvaluationTally);
        while (remaining > 0)
        {
            foreach (var worker in workers.Where(w => w.IsIdle && w.FailedEpoch != epoch && running.All(r => r.Worker != w)))
            {
                int range = pending.Count > 0 ? pending.Dequeue() : Straggler();
                if (range < 0)
                {
                    break;
                }

                var (first, count) = ranges[range];
                var call = EvaluateOnAsync(worker, new RangeRequest(epoch, first, count, expectedHash is not null));
                worker.Busy = call;
                running.Add((call, range, worker, Stopwatch.GetTimestamp()));
            }

            if (running.Count == 0)
            {
                var busy = workers.Where(w => !w.IsIdle).Select(w => w.Busy!).ToList();
                if (busy.Count == 0)
                {
                    var (first, count) = ranges[pending.Peek()];
                    throw new DistributedRunException($"epoch {epoch + 1}: no worker is left to score members [{first}, {first + count}); last fault: {lastFault}");
                }

                await Task.WhenAny(busy);
                continue;
            }

            await Task.WhenAny(running.Select(r => (Task)r.Call).Append(Task.Delay(options.StragglerTimeout / 4)));
            foreach (var finished in running.Where(r => r.Call.IsCompleted).ToList())
            {
                running.Remove(finished);
                var outcome = finished.Call.GetAwaiter().GetResult();
                var (first, count) = ranges[finished.Range];
                if (outcome.Answer is not null && done[finished.Range])
                {
                    continue;
                }

                string? refused = outcome.Answer is null ? null : gathering.Accept(finished.Range, outcome.Answer);
                if (outcome.Answer is not null && refused is null)
                {
                    done[finished.Range] = true;
                    finished.Worker.MembersScored += count;
                    tally += outcome.Answer.Tally;
                    remaining--;
                    continue;
                }

                lastFault = $"worker {finished.Worker.Index}: {refused ?? outcome.Fault}";
                Record($"epoch {epoch + 1}: members [{first}, {first + count}) {(refused is null ? "lost" : "refused")} by {lastFault}; reassigned");
                finished.Worker.FailedEpoch = epoch;
                if (!done[finished.Range] && running.All(r => r.Range != finished.Range))
                {
                    pending.Enqueue(finished.Range);
                }
            }
        }

        LastEpochTally = tally;
        return gathering.Complete();

        int Straggler()
        {
            long now = Stopwatch.GetTimestamp();
            foreach (var r in running)
            {
                if (!done[r.Range] && Stopwatch.GetElapsedTime(r.Started, now) >= options.StragglerTimeout && running.Count(o => o.Range == r.Range) == 1)
                {
                    var (first, count) = ranges[r.Range];
                    Record($"epoch {epoch + 1}: members [{first}, {first + count}) re-issued: worker {r.Worker.Index} had not answered after {options.StragglerTimeout.TotalSeconds:0.###} s");
                    return r.Range;
                }
            }

            return -1;
        }
    }

    private async Task<RangeOutcome> EvaluateOnAsync(WorkerSlot worker, RangeRequest request)
    {
        try
        {
            var answer = await EvaluateAsync(worker, request);
            if (answer.ReplicaEpoch != request.Epoch)
            {
                await CatchUpAsync(worker, answer.ReplicaEpoch, request.Epoch);
                answer = await EvaluateAsync(worker, request);
            }

            return new RangeOutcome(answer, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not ReplicaDivergedException)
        {
            return new RangeOutcome(null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private async Task<RangeScores> EvaluateAsync(WorkerSlot worker, RangeRequest request)
    {
        var answer = await worker.Grain.Evaluate(request);
        Traffic.Count(request.PayloadBytes, answer.PayloadBytes);
        return answer;
    }

    /// <summary>
    /// Brings a worker at <paramref name="from"/> to <paramref name="to"/>, the coordinator's epoch: replays the kept
    /// scores when it is behind by no more than they cover, otherwise sends the coordinator's state.
    /// </summary>
    /// <exception cref="ReplicaDivergedException">The worker refused the state: it was built from another config or model.</exception>
    private async Task CatchUpAsync(WorkerSlot worker, long from, long to)
    {
        bool replayable = from < to;
        for (long e = from; e < to && replayable; e++)
        {
            replayable = history.ContainsKey(e);
        }

        if (replayable)
        {
            for (long e = from; e < to; e++)
            {
                await ApplyCountedAsync(worker, e, history[e]);
            }

            return;
        }

        var state = SnapshotOfReplica();
        string? refused = await worker.Grain.Restore(state);
        Traffic.Count(state.Bytes, 1 + (refused?.Length ?? 0));
        if (refused is not null)
        {
            throw new ReplicaDivergedException($"worker {worker.Index} refused the coordinator's state at epoch {to}: {refused}");
        }
    }

    /// <summary>The replica's state, taken once per epoch and shared by every worker that needs it.</summary>
    private ReplicaSnapshot SnapshotOfReplica()
    {
        lock (snapshotGate)
        {
            if (snapshot?.Epoch != Epoch)
            {
                snapshot = ReplicaSnapshot.Of(Replica);
            }

            return snapshot;
        }
    }

    /// <summary>Sends epoch <paramref name="epoch"/>'s scores to <paramref name="worker"/>: the epoch and the payload out, the worker's epoch back.</summary>
    private async Task ApplyCountedAsync(WorkerSlot worker, long epoch, EpochScores scores)
    {
        await scores.ApplyOn(worker.Grain, epoch);
        Traffic.Count(sizeof(long) + scores.PayloadBytes, sizeof(long));
    }

    private async Task ApplyOnAsync(WorkerSlot worker, long epoch, EpochScores scores)
    {
        try
        {
            await ApplyCountedAsync(worker, epoch, scores);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Record($"epoch {epoch + 1}: worker {worker.Index} did not apply the scores ({e.GetType().Name}: {e.Message}); it catches up when next given work");
        }
    }

    private async Task<ReplicaState?> StateOfAsync(WorkerSlot worker)
    {
        try
        {
            var state = await worker.Grain.State();
            Traffic.Count(0, 16 + state.Silo.Length);
            return state;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Record($"worker {worker.Index} did not report its state ({e.GetType().Name}: {e.Message})");
            return null;
        }
    }

    private void Record(string fault)
    {
        lock (faultsGate)
        {
            faults.Add(fault);
        }
    }

    private async Task WithinCallTimeoutAsync(IEnumerable<Task> calls) =>
        await Task.WhenAny(Task.WhenAll(calls.ToList()), Task.Delay(options.CallTimeout));

    private sealed record RangeOutcome(RangeScores? Answer, string? Fault);
}
