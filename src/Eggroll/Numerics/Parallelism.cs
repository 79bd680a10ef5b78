namespace Eggroll.Numerics;

/// <summary>
/// The one place that decides how many threads the kernels use. Work is always split into
/// tiles whose boundaries do not depend on the thread count, so results are bit-identical
/// whatever <see cref="MaxThreads"/> is.
/// </summary>
public static class Parallelism
{
    private static int maxThreads = Environment.ProcessorCount;

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

    /// <summary>
    /// Runs <paramref name="body"/> for every index in [0, <paramref name="count"/>), on up to
    /// <see cref="MaxThreads"/> threads, inline when one thread or one item.
    /// </summary>
    public static void For(int count, Action<int> body)
    {
        if (count <= 0)
        {
            return;
        }

        if (maxThreads == 1 || count == 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, body);
    }
}
