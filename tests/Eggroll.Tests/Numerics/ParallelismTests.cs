using Eggroll.Numerics;

namespace Eggroll.Tests.Numerics;

[Collection(ThreadCountCollection.Name)]
public sealed class ParallelismTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void EveryIndexRunsExactlyOnce(int threads)
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = threads;
            for (int repeat = 0; repeat < 200; repeat++)
            {
                var hits = new int[37];
                Parallelism.For(hits.Length, i => Interlocked.Increment(ref hits[i]));
                Assert.All(hits, h => Assert.Equal(1, h));
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void UseThreadsTakesACountAsItIsAndZeroAsEveryCore() => KeepingMaxThreads(() =>
    {
        Parallelism.UseThreads(3);
        Assert.Equal(3, Parallelism.MaxThreads);

        Parallelism.UseThreads(1);
        Assert.Equal(1, Parallelism.MaxThreads);

        Parallelism.UseThreads(0);
        Assert.Equal(Environment.ProcessorCount, Parallelism.MaxThreads);
    });

    [Fact]
    public void ANegativeThreadCountOrAMaximumBelowOneIsRefusedAndChangesNothing() => KeepingMaxThreads(() =>
    {
        Parallelism.MaxThreads = 2;

        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.UseThreads(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.MaxThreads = 0);
        Assert.Equal(2, Parallelism.MaxThreads);
    });

    /// <summary>
    /// A pool of its own, so that no other test's loop holds it (a busy pool makes a loop run inline, by design).
    /// Each index waits until both have started: only two threads running at once get past the wait in time.
    /// </summary>
    [Fact]
    public void APoolRunsEachLoopOnTheCallerAndAWorkerAtOnce()
    {
        var pool = new WorkerPool(1);
        for (int loop = 0; loop < 3; loop++)
        {
            using var started = new CountdownEvent(2);
            var threads = new int[2];
            var together = new bool[2];

            bool ran = pool.TryRun(2, i =>
            {
                threads[i] = Environment.CurrentManagedThreadId;
                started.Signal();
                together[i] = started.Wait(TimeSpan.FromSeconds(20));
            }, helpers: 1);

            Assert.True(ran, $"loop {loop}: the pool refused the loop");
            Assert.True(together.All(t => t), $"loop {loop}: the two indices did not run at the same time");
            Assert.NotEqual(threads[0], threads[1]);
            Assert.Contains(Environment.CurrentManagedThreadId, threads);
        }
    }

    [Fact]
    public void BackToBackLoopsNeverShareAnIndex()
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 3;
            var hits = new int[5];
            for (int loop = 0; loop < 5000; loop++)
            {
                int count = 2 + (loop % 4);
                Array.Clear(hits);
                Parallelism.For(count, i => Interlocked.Increment(ref hits[i]));
                for (int i = 0; i < hits.Length; i++)
                {
                    Assert.Equal(i < count ? 1 : 0, hits[i]);
                }
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void NestedLoopsRunInline()
    {
        var hits = new int[8 * 9];

        Parallelism.For(8, outer => Parallelism.For(9, inner => Interlocked.Increment(ref hits[(outer * 9) + inner])));

        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void ExceptionsReachTheCallerAndThePoolKeepsWorking()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Parallelism.For(16, i =>
        {
            if (i == 5)
            {
                throw new InvalidOperationException("boom");
            }
        }));
        Assert.Equal("boom", error.Message);

        int sum = 0;
        Parallelism.For(100, i => Interlocked.Add(ref sum, i));
        Assert.Equal(4950, sum);
    }

    [Fact]
    public void ALoopAllocatesNothing()
    {
        var data = new int[64];
        Action<int> body = i => data[i]++;
        Parallelism.For(data.Length, body);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Parallelism.For(data.Length, body);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void KeepingMaxThreads(Action body)
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            body();
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }
}
