using System.Runtime.ExceptionServices;

namespace Eggroll.Numerics;

/// <summary>
/// Background threads that share the indices of one loop at a time with the calling thread.
/// Unlike <see cref="Parallel.For(int, int, Action{int})"/> a loop allocates nothing, so a
/// training epoch can run without garbage. Loops started from inside a loop run inline.
/// The caller waits only for indices a worker has claimed: a worker that wakes late (its core
/// busy elsewhere) finds the loop finished and never holds the caller up. A claim is one atomic
/// increment of a ticket that holds the loop's count (high half) and the next index (low half),
/// so a late claim can never be mistaken for an index of a later loop.
/// </summary>
internal sealed class WorkerPool
{
    [ThreadStatic]
    private static bool insideLoop;

    private readonly SemaphoreSlim wake = new(0);
    private readonly Lock gate = new();
    private Action<int>? body;
    private long ticket;
    private int finishedIndices;
    private Exception? failure;

    /// <summary>Starts <paramref name="workerCount"/> background threads.</summary>
    public WorkerPool(int workerCount)
    {
        WorkerCount = workerCount;
        for (int i = 0; i < workerCount; i++)
        {
            new Thread(WorkerLoop) { IsBackground = true, Name = $"eggroll-worker-{i}" }.Start();
        }
    }

    /// <summary>Number of background threads.</summary>
    public int WorkerCount { get; }

    /// <summary>
    /// Runs <paramref name="loopBody"/> for every index in [0, <paramref name="loopCount"/>) on the
    /// caller and up to <paramref name="helpers"/> workers; returns false (running nothing) when
    /// the pool is busy or the caller is itself inside a loop, so the caller runs it inline.
    /// </summary>
    public bool TryRun(int loopCount, Action<int> loopBody, int helpers)
    {
        if (insideLoop || !gate.TryEnter())
        {
            return false;
        }

        try
        {
            helpers = Math.Min(Math.Min(helpers, WorkerCount), loopCount - 1);
            body = loopBody;
            failure = null;
            Volatile.Write(ref finishedIndices, 0);
            Interlocked.Exchange(ref ticket, (long)loopCount << 32);
            if (helpers > 0)
            {
                wake.Release(helpers);
            }

            RunIndices();
            var spin = default(SpinWait);
            while (Volatile.Read(ref finishedIndices) < loopCount)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            Interlocked.Exchange(ref ticket, 0);
            body = null;
            if (failure is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }

            return true;
        }
        finally
        {
            gate.Exit();
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            wake.Wait();
            RunIndices();
        }
    }

    /// <summary>Claims and runs indices until none is left; after a failure, claims the rest without running them.</summary>
    private void RunIndices()
    {
        insideLoop = true;
        try
        {
            while (true)
            {
                long claim = Interlocked.Increment(ref ticket) - 1;
                int index = (int)(claim & uint.MaxValue);
                if (index >= (int)(claim >> 32))
                {
                    return;
                }

                try
                {
                    if (Volatile.Read(ref failure) is null)
                    {
                        body!(index);
                    }
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
                finally
                {
                    Interlocked.Increment(ref finishedIndices);
                }
            }
        }
        finally
        {
            insideLoop = false;
        }
    }
}
