using Eggroll.Distributed;
using Eggroll.Population;
using Eggroll.Training;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using static Eggroll.Tests.Distributed.DistributedTrainingTests;

namespace Eggroll.Tests.Distributed;

/// <summary>
/// The coordinator as an <see cref="ITrainingJob"/> under <see cref="RunLoop"/>: its checkpoints restore into a new
/// coordinator, which sends its state to workers at any other epoch (fresh or ahead) and ends bit-identical to one
/// machine; a worker built from another config refuses that state and the run stops with the reason.
/// </summary>
public sealed class DistributedJobTests : IClassFixture<TemporaryDirectory>
{
    private const int Population = 64;

    private static readonly DistributedOptions Patient = new() { StragglerTimeout = TimeSpan.FromSeconds(30), CallTimeout = TimeSpan.FromSeconds(60), HashEvery = 2 };

    private readonly string directory;

    public DistributedJobTests(TemporaryDirectory temporary)
    {
        directory = temporary.CreateSubdirectory();
    }

    [Fact]
    public async Task ACoordinatorRestoredFromItsCheckpointSendsItsStateToFreshAndAheadWorkersAndEndsBitIdentical()
    {
        await using var cluster = await LocalCluster.StartAsync(2, _ => new WorkerJob(() => CreateJob()));
        string checkpoint = Path.Combine(directory, "restart");
        var first = new DistributedJob(new DistributedTrainer(cluster.Grains, "first", CreateJob(), [0, 1], Patient));
        RunLoop.Run(first, new RunLoopOptions { Epochs = 2, CheckpointDirectory = checkpoint });
        first.RunEpoch();

        // "first"'s workers are at epoch 3, ahead of the checkpoint; "second"'s are new, at epoch 0.
        var ahead = await RestoredAsync(cluster, "first", checkpoint);
        var fresh = await RestoredAsync(cluster, "second", checkpoint);

        foreach (var job in new[] { ahead, fresh })
        {
            AssertSameState(SingleMachine(5), job.Coordinator.Replica);
            await job.Coordinator.VerifyReplicasAsync();
            Assert.Empty(job.Coordinator.Faults);
        }
    }

    [Fact]
    public async Task ASiloJoiningMidRunGetsANewWorkerOnItBeforeTheNextEpochAndTheRunStaysBitIdentical()
    {
        await using var cluster = await LocalCluster.StartAsync(1, _ => new WorkerJob(() => CreateJob()));
        var job = new DistributedJob(new DistributedTrainer(cluster.Grains, "grown", CreateJob(), [0], Patient), cluster.ActiveSilos);
        job.RunEpoch();
        job.RunEpoch();

        // Silos are ordered by generation, their start time in whole seconds: start the new one in a later second.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var joined = await cluster.TryJoinAsync(new WorkerJob(() => CreateJob()), _ => { }, TimeSpan.FromSeconds(60));
        Assert.NotNull(joined);
        while (cluster.ActiveSilos() < 2)
        {
            await Task.Delay(50);
        }

        var reports = Enumerable.Range(0, 3).Select(_ => (DistributedEpochReport)job.RunEpoch()).ToList();

        AssertSameState(SingleMachine(5), job.Coordinator.Replica);
        Assert.Equal(2, job.Coordinator.WorkerCount);
        Assert.All(reports, r => Assert.True(r.WorkerMembers[1] > 0, $"epoch {r.Epoch}: members by worker {string.Join('/', r.WorkerMembers.Values)}"));
        var worker = await cluster.Grains.GetGrain<IScoreWorker>(1, "grown").State();
        Assert.Equal(joined.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString(), worker.Silo);
    }

    [Theory]
    [InlineData(ShapingKind.ZScore)]
    [InlineData(ShapingKind.PairSign)]
    public async Task EachEpochsMetricsCountTheScoresBytesAndTheMembersOfEachWorker(ShapingKind shaping)
    {
        await using var cluster = await LocalCluster.StartAsync(2, _ => new WorkerJob(() => CreateJob(shaping: shaping)));
        var job = new DistributedJob(new DistributedTrainer(cluster.Grains, "metrics", CreateJob(shaping: shaping), [0, 1], Patient));
        job.RunEpoch();

        var report = (DistributedEpochReport)job.RunEpoch();

        var reference = CreateJob(shaping: shaping);
        reference.RunEpoch();
        var expected = reference.RunEpoch();
        var record = report.ToJson();
        Assert.Equal(2, (long)record["epoch"]!);
        Assert.Equal(expected.ToJson()["updateNorms"]!.ToJsonString(), record["updateNorms"]!.ToJsonString());
        Assert.Equal(expected.Rows, (long)record["rows"]!);
        Assert.Equal(Population, report.WorkerMembers.Values.Sum());
        Assert.Equal([0L, 1L], report.WorkerMembers.Keys.Order());

        // Epoch 2: four ranges asked (epoch, first member, count, hash wanted: 17 bytes) and answered (epoch, first
        // member, state hash, rows and loss: 36 bytes, and the scores: 4 per member, or per range 5 pairs a byte and its lowest
        // finite score), the epoch applied on both workers (epoch and scores out, epoch back), both states reported
        // (HashEvery 2).
        bool packed = shaping == ShapingKind.PairSign;
        var ranges = MemberRanges.Split(Population, 2 * Patient.RangesPerWorker);
        long broadcast = packed ? (Population / 2 + 4) / 5 : 4L * Population;
        long answers = ranges.Sum(r => packed ? ((r.Count / 2) + 4) / 5 + 4 : 4L * r.Count);
        Assert.Equal((ranges.Length * 17) + (2 * (8 + broadcast)), (long)record["bytesSent"]!);
        long received = answers + (ranges.Length * 36) + (2 * 8) + (2 * 16);
        Assert.InRange((long)record["bytesReceived"]!, received + (2 * "S127.0.0.1:1:1".Length), received + (2 * 40));
        if (!packed)
        {
            Assert.Equal(expected.ToJson()["scoreMean"]!.ToJsonString(), record["scoreMean"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task AWorkerBuiltFromAnotherConfigRefusesTheRestoredStateAndStopsTheRunWithTheReason()
    {
        string checkpoint = Path.Combine(directory, "refused");
        RunLoop.Run(CreateJob(), new RunLoopOptions { Epochs = 2, CheckpointDirectory = checkpoint });
        await using var cluster = await LocalCluster.StartAsync(1, _ => new WorkerJob(() => CreateJob(seed: 12)));
        var job = new DistributedJob(new DistributedTrainer(cluster.Grains, "refused", CreateJob(), [0], Patient));
        RunCheckpoint.Restore(job, RunCheckpoint.Load(checkpoint));

        var error = Assert.Throws<ReplicaDivergedException>(() => job.RunEpoch());

        Assert.StartsWith("worker 0 refused the coordinator's state at epoch 2: the checkpoint was written with options {\"seed\":11,", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, job.Epoch);
    }

    private static async Task<DistributedJob> RestoredAsync(LocalCluster cluster, string runId, string checkpoint)
    {
        var job = new DistributedJob(new DistributedTrainer(cluster.Grains, runId, CreateJob(), [0, 1], Patient));
        RunCheckpoint.Restore(job, RunCheckpoint.Load(checkpoint));
        Assert.Equal(2, job.Epoch);
        await Task.Run(() => RunLoop.Run(job, new RunLoopOptions { Epochs = 5 }));
        return job;
    }
}
