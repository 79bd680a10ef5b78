using Eggroll.Distributed;
using Eggroll.Training;
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
    public async Task EachEpochsMetricsCountTheScoresBytesAndTheMembersOfEachWorker()
    {
        await using var cluster = await LocalCluster.StartAsync(2, _ => new WorkerJob(() => CreateJob()));
        var job = new DistributedJob(new DistributedTrainer(cluster.Grains, "metrics", CreateJob(), [0, 1], Patient));
        job.RunEpoch();

        var report = (DistributedEpochReport)job.RunEpoch();

        var reference = CreateJob();
        reference.RunEpoch();
        var expected = reference.RunEpoch();
        var record = report.ToJson();
        Assert.Equal(2, (long)record["epoch"]!);
        Assert.Equal(expected.ToJson()["scoreMean"]!.ToJsonString(), record["scoreMean"]!.ToJsonString());
        Assert.Equal(expected.ToJson()["updateNorms"]!.ToJsonString(), record["updateNorms"]!.ToJsonString());
        Assert.Equal(expected.Rows, (long)record["rows"]!);
        Assert.Equal(Population, report.WorkerMembers.Values.Sum());
        Assert.Equal([0L, 1L], report.WorkerMembers.Keys.Order());

        // Epoch 2: four ranges asked and answered, every score applied on both workers, both states reported (HashEvery 2).
        int ranges = 2 * Patient.RangesPerWorker;
        Assert.Equal((ranges * 16) + (2 * (8 + (4L * Population))), (long)record["bytesSent"]!);
        long received = (4L * Population) + (ranges * 20) + (2 * 8) + (2 * 16);
        Assert.InRange((long)record["bytesReceived"]!, received + (2 * "S127.0.0.1:1:1".Length), received + (2 * 40));
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
