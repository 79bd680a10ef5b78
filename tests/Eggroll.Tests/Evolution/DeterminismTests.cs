using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Training;
using Eggroll.Population.Strategies;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tests.Evolution;

/// <summary>Same seed and config give bit-identical parameters, whatever the thread count or interruptions.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class DeterminismTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public DeterminismTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Theory]
    [InlineData(StrategyKind.Eggroll, 0, NoiseDistribution.Gaussian, 2)]
    [InlineData(StrategyKind.Eggroll, 4096, NoiseDistribution.Gaussian, 2)]
    [InlineData(StrategyKind.Eggroll, 0, NoiseDistribution.Rademacher, 2)]
    [InlineData(StrategyKind.Eggroll, 0, NoiseDistribution.Rademacher, 4)]
    [InlineData(StrategyKind.Eggroll, 0, NoiseDistribution.Gaussian16, 3)]
    [InlineData(StrategyKind.OpenEs, 0, NoiseDistribution.Gaussian, 2)]
    public void OneAndTwoThreadsGiveIdenticalParameters(StrategyKind strategy, int noiseTable, NoiseDistribution noise, int rank)
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var single = new TrainingFixture(strategy, rank: rank, noiseTable: noiseTable, noise: noise);
            single.Run(10);
            Parallelism.MaxThreads = 2;
            var dual = new TrainingFixture(strategy, rank: rank, noiseTable: noiseTable, noise: noise);
            dual.Run(10);

            Assert.Equal(single.Snapshot(), dual.Snapshot());
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(OptimizerKind.Adam, 0f)]
    [InlineData(OptimizerKind.Sgd, 0.9f)]
    public void ResumingFromACheckpointContinuesBitForBit(OptimizerKind kind, float momentum)
    {
        var optimizer = new OptimizerConfig { Kind = kind, LearningRate = 0.01f, Momentum = momentum };
        var straight = new TrainingFixture(optimizer: optimizer);
        straight.Run(10);

        var resumed = RunWithAResume(() => new TrainingFixture(optimizer: optimizer), 5, 5);

        Assert.Equal(10, resumed.Trainer.Epoch);
        Assert.Equal(straight.Snapshot(), resumed.Snapshot());
        Assert.NotEqual(new TrainingFixture(optimizer: optimizer).Snapshot(), resumed.Snapshot());
    }

    [Fact]
    public void WithASharedNoiseTableAResumedRunContinuesBitForBitAndTheNoiseDiffersFromTheStreams()
    {
        const int table = 4096;
        var straight = new TrainingFixture(noiseTable: table);
        straight.Run(6);

        var resumed = RunWithAResume(() => new TrainingFixture(noiseTable: table), 3, 3);
        var streams = new TrainingFixture();
        streams.Run(6);

        Assert.Equal(straight.Snapshot(), resumed.Snapshot());
        Assert.NotEqual(streams.Snapshot(), straight.Snapshot());
    }

    [Fact]
    public void TrainingLoopInterruptedAndResumedMatchesAnUninterruptedLoop()
    {
        var straight = new TrainingFixture();
        RunLoop.Run(straight.Trainer, new RunLoopOptions { Epochs = 8 });

        var interrupted = new TrainingFixture();
        using var cancellation = new CancellationTokenSource();
        string metrics = Path.Combine(directory, "metrics.jsonl");
        var options = new RunLoopOptions { Epochs = 8, CheckpointDirectory = directory, MetricsPath = metrics };
        var stopped = RunLoop.Run(interrupted.Trainer, options, m =>
        {
            if (m.Report.Epoch == 3)
            {
                cancellation.Cancel();
            }
        }, cancellation.Token);
        var resumed = new TrainingFixture();
        RunCheckpoint.Restore(resumed.Trainer, RunCheckpoint.Load(directory));
        var finished = RunLoop.Run(resumed.Trainer, options);

        Assert.True(stopped.Interrupted);
        Assert.Equal(3, stopped.EpochsCompleted);
        Assert.False(finished.Interrupted);
        Assert.Equal(straight.Snapshot(), resumed.Snapshot());
        Assert.Equal(8, File.ReadLines(metrics).Count());
    }

    /// <summary>Counts the calling thread, which does all the work with one thread and the loop bookkeeping with two.</summary>
    [Theory]
    [InlineData(1, 0, NoiseDistribution.Gaussian, 2)]
    [InlineData(2, 0, NoiseDistribution.Gaussian, 2)]
    [InlineData(2, 4096, NoiseDistribution.Gaussian, 2)]
    [InlineData(2, 0, NoiseDistribution.Rademacher, 2)]
    [InlineData(2, 0, NoiseDistribution.Rademacher, 4)]
    [InlineData(2, 0, NoiseDistribution.Gaussian16, 3)]
    public void SteadyStateEpochsAllocateNothing(int threads, int noiseTable, NoiseDistribution noise, int rank)
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = threads;
            var fixture = new TrainingFixture(rank: rank, noiseTable: noiseTable, noise: noise);
            fixture.Run(2);

            // A steady-state allocation shows in every window of epochs; a one-off of the runtime (a method's
            // tier-up landing inside a window on a busy machine) does not, so some window of the first few must be clean.
            var windows = new List<long>();
            for (int window = 0; window < 5 && (windows.Count == 0 || windows[^1] != 0); window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 3; i++)
                {
                    fixture.Trainer.Step();
                }

                windows.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            }

            Assert.True(windows[^1] == 0, $"bytes allocated per window of 3 epochs: {string.Join(", ", windows)}");
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    /// <summary>Runs a fresh fixture <paramref name="before"/> epochs, checkpoints it, restores the checkpoint into another and runs that <paramref name="after"/> more.</summary>
    private TrainingFixture RunWithAResume(Func<TrainingFixture> create, int before, int after)
    {
        var first = create();
        first.Run(before);
        RunCheckpoint.Save(directory, first.Trainer);
        var resumed = create();
        RunCheckpoint.Restore(resumed.Trainer, RunCheckpoint.Load(directory));
        resumed.Run(after);
        return resumed;
    }

    [Fact]
    public void NoiseReuseKeepsTheSameNoiseWithinAPeriod()
    {
        var config = new EvolutionConfig { NoiseReuse = 3 };

        Assert.Equal([0u, 0u, 0u, 1u, 1u, 1u, 2u], Enumerable.Range(0, 7).Select(e => config.NoiseEpochOf(e)));
        Assert.All(Enumerable.Range(0, 5), e => Assert.Equal(0u, (config with { NoiseReuse = 0 }).NoiseEpochOf(e)));
    }
}
