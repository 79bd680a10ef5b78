using Eggroll.IO;
using Eggroll.Numerics;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Rl.Ppo;
using Eggroll.Training;

namespace Eggroll.Tests.Rl.Ppo;

/// <summary>PPO learns, and a run is a pure function of its seed: the same bits for any thread count and across a resume.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class PpoTrainerTests
{
    private static readonly PpoConfig SmallContinuous = new() { Envs = 2, Steps = 64, Minibatches = 4, UpdateEpochs = 2, NormalizeObservations = true, NormalizeRewards = true, EntropyCoefficient = 0.01f };
    private static readonly PpoConfig SmallDiscrete = new() { Envs = 2, Steps = 64, Minibatches = 4, UpdateEpochs = 2, NormalizeObservations = true };

    [Fact]
    public void PpoWithCleanRlDefaultsClearlyImprovesCartPoleWithin80Epochs()
    {
        var defaults = RlDefaults.ForPpo(CartPole.Name);
        var job = new PpoTrainer(() => new CartPole(), defaults.Ppo, defaults.Optimizer, defaults.Model, seed: 3, annealEpochs: defaults.Training.Epochs);

        var reports = Enumerable.Range(0, 80).Select(_ => (PpoEpochReport)job.RunEpoch()).ToArray();

        double early = reports[0].ScoreMean, late = reports[^1].ScoreMean;
        Assert.True(early < 40, $"a near-uniform initial policy should average well under 40 steps, got {early}");
        Assert.True(late > 3 * early && late > 100, $"the return should rise clearly after 80 epochs (41k steps): {early} → {late}");
        var greedy = PolicyEvaluator.Evaluate(job.GreedyPolicy(), () => new CartPole(), 20, 99);
        Assert.True(greedy.Mean > 100, $"the greedy policy should balance for over 100 steps, got {greedy.Mean}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RunsAreBitIdenticalForAnyThreadCount(bool continuous)
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var single = Snapshot(Train(continuous, epochs: 3));
            Parallelism.MaxThreads = 4;
            var several = Snapshot(Train(continuous, epochs: 3));

            AssertSameBits(single, several);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AResumedRunContinuesBitForBit(bool continuous)
    {
        var straight = Train(continuous, epochs: 5);
        var first = Train(continuous, epochs: 2);
        var tensors = new CheckpointTensors(Snapshot(first).ToDictionary(t => t.Name), "memory");
        var state = first.SaveState();

        var resumed = Create(continuous);
        resumed.Restore(first.Epoch, System.Text.Json.Nodes.JsonNode.Parse(state.ToJsonString())!.AsObject(), tensors);
        for (int i = 0; i < 3; i++)
        {
            resumed.RunEpoch();
        }

        Assert.Equal(5, resumed.Epoch);
        AssertSameBits(Snapshot(straight), Snapshot(resumed));
        Assert.Equal(straight.SaveState().ToJsonString(), resumed.SaveState().ToJsonString());
    }

    [Fact]
    public void ACheckpointOfOtherOptionsIsRefusedByName()
    {
        var job = Train(continuous: false, epochs: 1);
        var other = new PpoTrainer(() => new CartPole(), SmallDiscrete with { Steps = 32 }, new Training.Optimizers.OptimizerConfig(), new ModelConfig { Hidden = [8] }, seed: 5, annealEpochs: 10);

        var error = Assert.Throws<CheckpointException>(() => other.Restore(1, job.SaveState(), new CheckpointTensors(Snapshot(job).ToDictionary(t => t.Name), "memory")));

        Assert.Contains("options", error.Message);
        Assert.Equal(0, other.Epoch);
    }

    private static PpoTrainer Create(bool continuous) => continuous
        ? new PpoTrainer(() => new Pendulum(), SmallContinuous, new Training.Optimizers.OptimizerConfig { LearningRate = 3e-4f, Epsilon = 1e-5f }, new ModelConfig { Hidden = [8, 8] }, seed: 5, annealEpochs: 10)
        : new PpoTrainer(() => new CartPole(), SmallDiscrete, new Training.Optimizers.OptimizerConfig { LearningRate = 2.5e-4f, Epsilon = 1e-5f }, new ModelConfig { Hidden = [8] }, seed: 5, annealEpochs: 10);

    private static PpoTrainer Train(bool continuous, int epochs)
    {
        var job = Create(continuous);
        for (int i = 0; i < epochs; i++)
        {
            job.RunEpoch();
        }

        return job;
    }

    private static RawTensor[] Snapshot(PpoTrainer job) =>
        job.StateTensors().Select(t => RawTensor.FromFloat(t.Name, [.. t.Shape], (float[])t.Values)).ToArray();

    private static void AssertSameBits(RawTensor[] expected, RawTensor[] actual)
    {
        Assert.Equal(expected.Select(t => t.Name), actual.Select(t => t.Name));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].ToFloat().Select(BitConverter.SingleToInt32Bits).SequenceEqual(actual[i].ToFloat().Select(BitConverter.SingleToInt32Bits)), $"tensor '{expected[i].Name}' differs");
        }
    }
}
