using Eggroll.Distributed;
using Eggroll.Models;
using Eggroll.Population;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tests.Distributed;

/// <summary>
/// One supervised population spread over workers in several in-process silos ends bit-identical to the same run on
/// one machine: with every worker up, with a worker's silo killed mid-epoch, and with a worker joining mid-run.
/// </summary>
public sealed class DistributedTrainingTests
{
    private const int Epochs = 5;

    private static readonly DistributedOptions Options = new() { StragglerTimeout = TimeSpan.FromMilliseconds(300), CallTimeout = TimeSpan.FromSeconds(4), HashEvery = 2 };

    /// <summary>For tests that count who scored what: no range is re-issued just because a worker was slow (a busy CI machine, a worker catching up).</summary>
    internal static readonly DistributedOptions Patient = Options with { StragglerTimeout = TimeSpan.FromSeconds(30), CallTimeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task ARunOverThreeWorkersEndsBitIdenticalToTheSameRunOnOneMachine()
    {
        await using var cluster = await LocalCluster.StartAsync(3, _ => new WorkerJob(() => CreateJob()));
        var coordinator = new DistributedTrainer(cluster.Grains, "three", CreateJob(), [0, 1, 2], Patient);

        await RunAsync(coordinator, Epochs);

        AssertSameState(SingleMachine(Epochs), coordinator.Replica);
        Assert.All(coordinator.MembersScored.Values, members => Assert.True(members > 0));
        Assert.Equal(Epochs * 64L, coordinator.MembersScored.Values.Sum());
        await coordinator.VerifyReplicasAsync();
        Assert.Empty(coordinator.Faults);
    }

    [Fact]
    public async Task AWorkerWhoseSiloIsKilledMidEpochLosesItsRangesAndTheRunStaysBitIdentical()
    {
        var evaluating = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var cluster = await LocalCluster.StartAsync(3, silo => new WorkerJob(() => CreateJob(silo == 2 ? evaluating : null)));
        var coordinator = new DistributedTrainer(cluster.Grains, "kill", CreateJob(), [0, 1, 2], Options);
        var killed = evaluating.Task.ContinueWith(_ => cluster.KillAsync(2), TaskScheduler.Default).Unwrap();

        await RunAsync(coordinator, Epochs);
        await killed;

        AssertSameState(SingleMachine(Epochs), coordinator.Replica);
        Assert.Contains(coordinator.Faults, f => f.StartsWith("epoch 3: members", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWorkerJoiningMidRunCatchesUpFromTheKeptScores()
    {
        await using var cluster = await LocalCluster.StartAsync(2, _ => new WorkerJob(() => CreateJob()));
        var coordinator = new DistributedTrainer(cluster.Grains, "join", CreateJob(), [0], Patient);
        await RunAsync(coordinator, 2);

        coordinator.AddWorker(1);
        await RunAsync(coordinator, Epochs - 2);

        AssertSameState(SingleMachine(Epochs), coordinator.Replica);
        var joined = await cluster.Grains.GetGrain<IScoreWorker>(1, "join").State();
        string faults = string.Join("; ", coordinator.Faults);
        Assert.True(coordinator.MembersScored[1] > 0, faults);
        Assert.True((Epochs, StateHash.Of(coordinator.Replica)) == (joined.Epoch, joined.Hash), $"worker 1 is at epoch {joined.Epoch}; faults: {faults}");
    }

    [Fact]
    public async Task AWorkerBuiltFromAnotherConfigStopsTheRunBeforeTheFirstEpoch()
    {
        await using var cluster = await LocalCluster.StartAsync(2, silo => new WorkerJob(() => CreateJob(seed: silo == 1 ? 12UL : 11UL)));
        var coordinator = new DistributedTrainer(cluster.Grains, "diverged", CreateJob(), [0, 1], Options);

        var error = await Assert.ThrowsAsync<ReplicaDivergedException>(coordinator.RunEpochAsync);

        Assert.Matches("^worker [01] on S127.0.0.1:[0-9:]+ has state hash [0-9a-f]{16} after epoch 0 but the coordinator has [0-9a-f]{16}: the replicas diverged", error.Message);
        Assert.Equal(0, coordinator.Epoch);
    }

    [Theory]
    [InlineData(64, 3)]
    [InlineData(6, 5)]
    [InlineData(2, 1)]
    public void RangesArePairAlignedAndTileThePopulation(int population, int parts)
    {
        var ranges = MemberRanges.Split(population, parts);

        Assert.Equal(Math.Min(parts, population / 2), ranges.Length);
        Assert.Equal(Enumerable.Range(0, population), ranges.SelectMany(r => Enumerable.Range(r.First, r.Count)));
        Assert.All(ranges, r => Assert.True(r.First % 2 == 0 && r.Count % 2 == 0 && r.Count > 0));
    }

    internal static async Task RunAsync(DistributedTrainer coordinator, int epochs)
    {
        for (int i = 0; i < epochs; i++)
        {
            await coordinator.RunEpochAsync();
        }
    }

    internal static Trainer SingleMachine(int epochs, ShapingKind shaping = ShapingKind.ZScore)
    {
        var trainer = CreateJob(shaping: shaping);
        for (int i = 0; i < epochs; i++)
        {
            trainer.Step();
        }

        return trainer;
    }

    /// <summary>
    /// The run every replica builds; with <paramref name="stall"/>, its first evaluation in epoch 3 signals and then
    /// stalls for two seconds, long past the straggler timeout, so that its silo can be killed mid-epoch.
    /// </summary>
    internal static Trainer CreateJob(TaskCompletionSource? stall = null, ulong seed = 11, ShapingKind shaping = ShapingKind.ZScore)
    {
        var (train, _) = SyntheticData.Create(SyntheticTask.Regression, 512, 16, 3);
        var model = new Model(Mlp.Create([4, 16, 1], ActivationKind.Tanh, seed: 3));
        IObjective objective = new SupervisedObjective(model, train, rowsPerMember: 8);
        if (stall is not null)
        {
            objective = new StallingObjective(objective, stall, () => Task.Delay(2000));
        }

        return new Trainer(model, objective, new TrainerOptions
        {
            Seed = seed,
            Evolution = new() { Population = 64, Sigma = 0.05f, Rank = 2, Shaping = shaping },
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = 0.02f },
        });
    }

    /// <summary>Same epoch, and every state tensor (parameters, optimiser and strategy state) the same bits, compared value by value and by hash.</summary>
    internal static void AssertSameState(ITrainingJob expected, ITrainingJob actual)
    {
        Assert.Equal(expected.Epoch, actual.Epoch);
        Assert.Equal(expected.StateTensors().Select(t => t.Name), actual.StateTensors().Select(t => t.Name));
        foreach (var (want, got) in expected.StateTensors().Zip(actual.StateTensors()))
        {
            Assert.Equal(Bits(want), Bits(got));
        }

        Assert.Equal(StateHash.Of(expected), StateHash.Of(actual));
    }

    private static long[] Bits(StateTensor tensor) => tensor.Values switch
    {
        float[] values => [.. values.Select(v => (long)BitConverter.SingleToInt32Bits(v))],
        sbyte[] values => [.. values.Select(v => (long)v)],
        _ => throw new InvalidOperationException($"state tensor '{tensor.Name}' holds {tensor.Values.GetType().Name}."),
    };

    /// <summary>Scores like <paramref name="inner"/>; its first evaluation in epoch 3 signals <paramref name="stall"/> and waits for <paramref name="release"/>'s task.</summary>
    internal sealed class StallingObjective(IObjective inner, TaskCompletionSource stall, Func<Task> release) : IObjective
    {
        public void Evaluate(PopulationEvaluation evaluation, Span<float> scores)
        {
            if (evaluation.Epoch == 2 && stall.TrySetResult())
            {
                release().Wait();
            }

            inner.Evaluate(evaluation, scores);
        }
    }
}
