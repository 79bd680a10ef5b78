namespace Eggroll.Numerics;

/// <summary>
/// The one place that decides how many threads the kernels use. Work is always split into
/// tiles whose boundaries do not depend on the thread count, so results are bit-identical
/// whatever <see cref="MaxThreads"/> is.
/// </summary>
public static class Parallelism
{
    private static int maxThreads = Environment.ProcessorCount;
    private static WorkerPool? pool;

    /// <summary>Upper bound on worker threads used by kernels; at least 1. Defaults to the processor count.</summary>
    public static int MaxThreads
    {
        get => maxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            maxThreads = value;
        }
    }

    /// <summary>Sets <see cref="MaxThreads"/> the way configs and options state it: 0 means every core.</summary>
    public static void UseThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        MaxThreads = threads > 0 ? threads : Environment.ProcessorCount;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every index in [0, <paramref name="count"/>), on up to
    /// <see cref="MaxThreads"/> threads; inline when one thread, one item, or when called from
    /// inside another loop. Allocates nothing.
    /// </summary>
    public static void For(int count, Action<int> body)
    {
        if (count <= 0)
        {
            return;
        }

        if (maxThreads == 1 || count == 1 || !Pool().TryRun(count, body, maxThreads - 1))
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }
        }
    }

    private static WorkerPool Pool()
    {
        var current = pool;
        int wanted = Math.Max(Environment.ProcessorCount, maxThreads) - 1;
        if (current is null || current.WorkerCount < wanted)
        {
            current = new WorkerPool(wanted);
            pool = current;
        }

        return current;
    }
}
