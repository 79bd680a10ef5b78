using System.Runtime.ExceptionServices;

namespace Eggroll.Numerics;

/// <summary>
/// Background threads that share the indices of one loop at a time with the calling thread.
/// Unlike <see cref="Parallel.For(int, int, Action{int})"/> a loop allocates nothing, so a
/// training epoch can run without garbage. Loops started from inside a loop run inline.
/// </summary>
internal sealed class WorkerPool
{
    [ThreadStatic]
    private static bool insideLoop;

    private readonly SemaphoreSlim wake = new(0);
    private readonly ManualResetEventSlim finished = new(false);
    private readonly Lock gate = new();
    private Action<int>? body;
    private int count;
    private int nextIndex;
    private int pendingWorkers;
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
            count = loopCount;
            nextIndex = 0;
            failure = null;
            pendingWorkers = helpers;
            finished.Reset();
            if (helpers > 0)
            {
                wake.Release(helpers);
            }

            RunIndices();
            if (helpers > 0)
            {
                finished.Wait();
            }

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
            if (Interlocked.Decrement(ref pendingWorkers) == 0)
            {
                finished.Set();
            }
        }
    }

    private void RunIndices()
    {
        insideLoop = true;
        try
        {
            int index;
            while ((index = Interlocked.Increment(ref nextIndex) - 1) < count)
            {
                body!(index);
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
            Interlocked.Exchange(ref nextIndex, count);
        }
        finally
        {
            insideLoop = false;
        }
    }
}
