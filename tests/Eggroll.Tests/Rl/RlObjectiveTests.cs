using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Training;

namespace Eggroll.Tests.Rl;

/// <summary>Vectorised rollouts, the RL objective, observation normalisation and their checkpoints.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class RlObjectiveTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public RlObjectiveTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void VectorEnvironmentLeavesFinishedInstancesAloneOrResetsThemOnTheNextStep()
    {
        foreach (bool autoReset in new[] { false, true })
        {
            var envs = new VectorEnvironment(() => new MountainCar(), 2, autoReset);
            var observations = new Matrix(2, 2);
            var actions = new Matrix(2, 1);
            double[] rewards = new double[2];
            bool[] terminated = new bool[2], truncated = new bool[2];
            envs.Reset([1, 2], observations);
            for (int step = 0; step < 200; step++)
            {
                envs.Step(actions, observations, rewards, terminated, truncated);
            }

            Assert.Equal([true, true], truncated);
            Assert.True(envs.Finished[0]);
            float[] final = observations.Row(0).ToArray();
            envs.Step(actions, observations, rewards, terminated, truncated);

            Assert.Equal([0.0, 0.0], rewards);
            Assert.Equal([false, false], truncated);
            Assert.Equal(!autoReset, envs.Finished[0]);
            Assert.Equal(autoReset, !observations.Row(0).SequenceEqual(final));
            Assert.Equal(autoReset ? 0f : final[1], observations[0, 1]);
        }
    }

    [Fact]
    public void BothMembersOfAPairFaceTheSameEpisodes()
    {
        var seen = new List<ulong>();
        var policy = Policy.CreateMlp(new CartPole(), [4], ActivationKind.Tanh, 1, ActionSquash.Tanh, false);
        var objective = new RlObjective(policy, () => new SeedRecorder(seen), episodesPerMember: 3);
        var trainer = new Trainer(policy.Model, objective, new TrainerOptions { Seed = 9, Evolution = new EvolutionConfig { Population = 8 } });

        trainer.RunEpoch();

        Assert.Equal(24, seen.Count);
        for (int pair = 0; pair < 4; pair++)
        {
            Assert.Equal(seen.Skip(pair * 6).Take(3), seen.Skip((pair * 6) + 3).Take(3));
        }

        Assert.Equal(12, seen.Distinct().Count());
    }

    [Fact]
    public void ScoresAreMeanReturnsAndRowsAreEnvironmentSteps()
    {
        var fixture = new RlTrainingFixture();
        fixture.Trainer.Perturbation.SetNoiseEpoch(0);
        var byHand = Enumerable.Range(0, 16).Select(member => Enumerable.Range(0, 2)
            .Select(e => EpisodeByHand(fixture.Policy, EpisodeRandom.EpisodeSeed(5, 0, (uint)(member / 2), (uint)e), new ForwardContext(new MemberRows(member % 2 == 0 ? [1] : [0, 1], member & ~1), fixture.Trainer.Perturbation)))
            .ToArray()).ToArray();
        var scores = byHand.Select(episodes => episodes.Average(e => e.Return)).ToArray();

        var metrics = fixture.Trainer.RunEpoch();

        Assert.Equal(scores.Average(), metrics.ScoreMean, 9);
        Assert.Equal(scores.Min(), metrics.ScoreMin);
        Assert.Equal(scores.Max(), metrics.ScoreMax);
        Assert.NotEqual(metrics.ScoreMin, metrics.ScoreMax);
        Assert.Equal(byHand.Sum(episodes => episodes.Sum(e => e.Steps)), metrics.Rows);
        Assert.Equal(fixture.Objective.LastEpochSteps, metrics.Rows);
        Assert.Equal(fixture.Objective.LastEpochSteps, fixture.Policy.Normalizer!.Count);
        Assert.Equal(16 * 2 * metrics.ScoreMean, metrics.Rows, 3);
    }

    [Fact]
    public void NormaliserMergesBatchesLikeOnePass()
    {
        var normalizer = new ObservationNormalizer(2);
        float[][] data = [[1, 10], [2, 20], [4, 0], [-3, 5], [0.5f, 7]];
        foreach (var row in data.Take(2))
        {
            normalizer.Record(row);
        }

        normalizer.Commit();
        foreach (var row in data.Skip(2))
        {
            normalizer.Record(row);
        }

        normalizer.Commit();
        double mean0 = data.Average(r => r[0]);
        double var0 = data.Average(r => (r[0] - mean0) * (r[0] - mean0));
        Assert.Equal(5, normalizer.Count);
        Assert.Equal(mean0, normalizer.Mean[0], 5);
        Assert.Equal(var0, normalizer.Variance[0], 4);
        var normalized = new float[2];
        normalizer.Normalize([100f, 8.4f], normalized);
        Assert.Equal(5f, normalized[0]);
    }

    [Fact]
    public void OneAndTwoThreadsGiveIdenticalTraining()
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var single = new RlTrainingFixture();
            single.Run(4);
            Parallelism.MaxThreads = 2;
            var dual = new RlTrainingFixture();
            dual.Run(4);

            Assert.Equal(single.Snapshot(), dual.Snapshot());
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void CheckpointsHoldTheNormaliserAndResumeBitForBit()
    {
        var straight = new RlTrainingFixture(StrategyKind.OpenEs);
        straight.Run(5);
        var first = new RlTrainingFixture(StrategyKind.OpenEs);
        first.Run(3);
        RunCheckpoint.Save(directory, first.Trainer);

        var checkpoint = RunCheckpoint.Load(directory);
        var resumed = new RlTrainingFixture(StrategyKind.OpenEs);
        RunCheckpoint.Restore(resumed.Trainer, checkpoint);
        resumed.Run(5);

        Assert.Equal(first.Policy.Normalizer!.Mean.ToArray(), checkpoint.Tensors.ByName["objective.obs_norm.mean"].ToFloat());
        Assert.Contains("objective.obs_norm.count", checkpoint.Tensors.ByName.Keys);
        Assert.Equal(straight.Snapshot(), resumed.Snapshot());
    }

    [Fact]
    public void EvaluationIsDeterministicAndLeavesTheNormaliserAlone()
    {
        var fixture = new RlTrainingFixture();
        fixture.Run(1);
        long count = fixture.Policy.Normalizer!.Count;

        var a = PolicyEvaluator.Evaluate(fixture.Policy, () => new CartPole(), 10, seed: 4);
        var b = PolicyEvaluator.Evaluate(fixture.Policy, () => new CartPole(), 10, seed: 4);

        var byHand = Enumerable.Range(0, 10).Select(i => EpisodeByHand(fixture.Policy, EpisodeRandom.EpisodeSeed(4, EpisodeRandom.EvaluationStream, 0, (uint)i))).ToArray();
        Assert.Equal(byHand.Select(e => e.Return), a.Returns);
        Assert.Equal(byHand.Sum(e => e.Steps), a.Steps);
        double mean = byHand.Average(e => e.Return);
        Assert.Equal(mean, a.Mean, 12);
        Assert.Equal(Math.Sqrt(byHand.Average(e => (e.Return - mean) * (e.Return - mean))), a.StandardDeviation, 12);
        Assert.True(a.StandardDeviation > 0);
        Assert.Equal(a.Returns, b.Returns);
        Assert.Equal(count, fixture.Policy.Normalizer.Count);
    }

    /// <summary>One episode of the policy (unperturbed unless a member's context is given) from <paramref name="seed"/>, one step at a time.</summary>
    private static (double Return, long Steps) EpisodeByHand(Policy policy, ulong seed, ForwardContext? context = null)
    {
        var env = new CartPole();
        var observation = new float[env.ObservationSpace.Size];
        var batch = new Matrix(1, observation.Length);
        var action = new Matrix(1, 1);
        env.Reset(seed, observation);
        double total = 0;
        for (long steps = 1; ; steps++)
        {
            observation.CopyTo(batch.Row(0));
            policy.Act(batch, context ?? ForwardContext.Unperturbed(1), action);
            var result = env.Step(action.Row(0), observation);
            total += result.Reward;
            if (result.Done)
            {
                return (total, steps);
            }
        }
    }

    [Fact]
    public void ContinuousHeadsSquashOrClipIntoTheBounds()
    {
        var env = new Pendulum();
        foreach (var squash in new[] { ActionSquash.Tanh, ActionSquash.Clip })
        {
            var policy = Policy.CreateMlp(env, [4], ActivationKind.Tanh, 1, squash, false);
            var weight = policy.Model.Parameters.Entries[^1].Parameter;
            Array.Fill(weight.Value, 100f);
            var observations = new Matrix(2, 3, [1, 0, 1, -1, 0, -1]);
            var actions = new Matrix(2, 1);

            policy.Act(observations, ForwardContext.Unperturbed(2), actions);

            Assert.All(actions.Values.ToArray(), a => Assert.InRange(a, -2f, 2f));
            Assert.Equal(2f, Math.Abs(actions[0, 0]), 3);
        }
    }

    [Fact]
    public void EachTimeStepIsOneForwardPassOverTheRunningEpisodesOfAllMembers()
    {
        var env = new CartPole();
        var counter = new CountingLayer(Mlp.Create([4, 4, 2], ActivationKind.Tanh, 1));
        var policy = new Policy(new Model(counter), env.ObservationSpace, env.ActionSpace);
        var objective = new RlObjective(policy, () => new CartPole(), episodesPerMember: 3);
        var trainer = new Trainer(policy.Model, objective, new TrainerOptions { Seed = 2, Evolution = new EvolutionConfig { Population = 8 } });

        var metrics = trainer.RunEpoch();

        Assert.Equal(counter.Batches.Sum(), metrics.Rows);
        Assert.Equal(24, counter.Batches[0]);
        Assert.InRange(counter.Batches.Count, (int)Math.Ceiling(metrics.ScoreMax), 500);
        Assert.True(counter.Batches.Zip(counter.Batches.Skip(1)).All(p => p.First >= p.Second));
    }

    /// <summary>Records the row count of every forward pass.</summary>
    private sealed class CountingLayer(ILayer inner) : ILayer
    {
        public List<int> Batches { get; } = [];

        public int InputSize => inner.InputSize;

        public int OutputSize => inner.OutputSize;

        public IEnumerable<NamedParameter> NamedParameters() => inner.NamedParameters();

        public Matrix Forward(Matrix input, ForwardContext context)
        {
            Batches.Add(input.Rows);
            return inner.Forward(input, context);
        }
    }

    /// <summary>A CartPole that records the seed of every reset.</summary>
    private sealed class SeedRecorder(List<ulong> seen) : IEnvironment
    {
        private readonly CartPole inner = new();

        public BoxSpace ObservationSpace => inner.ObservationSpace;

        public Space ActionSpace => inner.ActionSpace;

        public int MaxEpisodeSteps => inner.MaxEpisodeSteps;

        public int StateSize => inner.StateSize;

        public int ElapsedSteps => inner.ElapsedSteps;

        public void Reset(ulong seed, Span<float> observation)
        {
            seen.Add(seed);
            inner.Reset(seed, observation);
        }

        public void SetState(ReadOnlySpan<double> state, Span<float> observation) => inner.SetState(state, observation);

        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => inner.Step(action, observation);
    }
}
