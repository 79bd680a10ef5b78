using Eggroll.Distributed;
using Eggroll.Models.Egg;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Language;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Tests.Integer;
using Eggroll.Tests.Rwkv;
using static Eggroll.Tests.Distributed.DistributedTrainingTests;

namespace Eggroll.Tests.Distributed;

/// <summary>
/// The language models' runs (the jobs of <c>eggroll train lm</c>, int8 EGG and RWKV-7) spread over three workers in
/// separate in-process silos end with the same weights and report the same losses, epoch by epoch, as on one machine.
/// </summary>
public sealed class DistributedLanguageModelTests
{
    private const int Epochs = 4;

    [Fact]
    public async Task AnInt8LanguageModelRunOverThreeWorkersEndsBitIdenticalToTheSameRunOnOneMachine()
    {
        await using var cluster = await LocalCluster.StartAsync(3, _ => new WorkerJob(() => CreateJob()));
        var job = new DistributedJob(new DistributedTrainer(cluster.Grains, "lm", CreateJob(), [0, 1, 2], Patient));
        var single = CreateJob();

        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            var report = (DistributedEpochReport)job.RunEpoch();
            var expected = single.RunEpoch();
            var actual = (EggEpochMetrics)report.Metrics;
            Assert.Equal(
                (expected.Epoch, expected.TrainBitsPerByte, expected.ActivePairs, expected.FractionChanged, expected.Tokens),
                (actual.Epoch, actual.TrainBitsPerByte, actual.ActivePairs, actual.FractionChanged, actual.Tokens));
            Assert.Equal(3, report.WorkerMembers.Count(w => w.Value > 0));
        }

        AssertSameState(single, job.Coordinator.Replica);
        Assert.NotEqual(StateHash.Of(CreateJob()), StateHash.Of(single));
        await job.Coordinator.VerifyReplicasAsync();
        Assert.Empty(job.Coordinator.Faults);
    }

    [Fact]
    public async Task AnRwkv7LanguageModelRunOverThreeWorkersEndsBitIdenticalToTheSameRunOnOneMachine()
    {
        await using var cluster = await LocalCluster.StartAsync(3, _ => new WorkerJob(() => TinyRwkvLm.Create()));
        var job = new DistributedJob(new DistributedTrainer(cluster.Grains, "rwkv7-lm", TinyRwkvLm.Create(), [0, 1, 2], Patient));
        var single = TinyRwkvLm.Create();

        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            var report = (DistributedEpochReport)job.RunEpoch();
            var expected = single.RunEpoch();
            var actual = (RwkvEpochMetrics)report.Metrics;
            Assert.Equal(expected with { Seconds = 0 }, actual with { Seconds = 0 });
            Assert.Equal(3, report.WorkerMembers.Count(w => w.Value > 0));
        }

        AssertSameState(single, job.Coordinator.Replica);
        Assert.NotEqual(StateHash.Of(TinyRwkvLm.Create()), StateHash.Of(single));
        await job.Coordinator.VerifyReplicasAsync();
        Assert.Empty(job.Coordinator.Faults);
    }

    private static EggTrainer CreateJob() => new(EggModel.Create(new EggConfig(Width: 16, Layers: 1), 7), SampleText.Bytes, new EggTrainingOptions
    {
        Seed = 7,
        Population = 48,
        SequenceLength = 16,
        SequencesPerPair = 2,
        Update = new Int8UpdateOptions { Alpha = 0.3, SigmaShift = 2 },
    });
}
