namespace Eggroll.Distributed;

/// <summary>The coordinator's view of one worker: its grain, its call in flight and what it has scored.</summary>
internal sealed class WorkerSlot
{
    public WorkerSlot(long index, IScoreWorker grain)
    {
        Index = index;
        Grain = grain;
    }

    public long Index { get; }

    public IScoreWorker Grain { get; }

    /// <summary>The worker's last call, still running when a straggler or a lost worker holds it; one call at a time.</summary>
    public Task? Busy { get; set; }

    /// <summary>The 0-based epoch in which a call to the worker last failed; it gets no more work in that epoch.</summary>
    public long FailedEpoch { get; set; } = -1;

    public long MembersScored { get; set; }

    public bool IsIdle => Busy is null || Busy.IsCompleted;
}
