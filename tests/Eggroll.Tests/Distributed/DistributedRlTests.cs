using Eggroll.Distributed;
using Eggroll.Tests.Rl;
using static Eggroll.Tests.Distributed.DistributedTrainingTests;

namespace Eggroll.Tests.Distributed;

/// <summary>
/// An RL run with observation normalisation over three in-process workers ends bit-identical to the run on one machine:
/// every range reports its members' observation moments, and every replica folds them in member order.
/// </summary>
public sealed class DistributedRlTests
{
    private const int Epochs = 4;

    [Fact]
    public async Task AnRlRunWithObservationNormalisationOverThreeWorkersEndsBitIdenticalToTheSameRunOnOneMachine()
    {
        await using var cluster = await LocalCluster.StartAsync(3, _ => new WorkerJob(() => new RlTrainingFixture().Trainer));
        var coordinator = new DistributedTrainer(cluster.Grains, "rl-normalised", new RlTrainingFixture().Trainer, [0, 1, 2], Patient);

        await RunAsync(coordinator, Epochs);

        var reference = new RlTrainingFixture();
        reference.Run(Epochs);
        AssertSameState(reference.Trainer, coordinator.Replica);
        Assert.Contains(reference.Trainer.StateTensors(), t => t.Name.Contains("obs_norm.mean", StringComparison.Ordinal));
        Assert.All(coordinator.MembersScored.Values, members => Assert.True(members > 0));
        await coordinator.VerifyReplicasAsync();
        Assert.Empty(coordinator.Faults);
    }
}
