using Eggroll.Models;
using Eggroll.Models.Egg;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Language;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;
using Eggroll.Training.Optimizers;
using Eggroll.Tests.Integer;
using Eggroll.Tests.Rwkv;

namespace Eggroll.Tests.Evolution;

/// <summary>
/// Scoring a pair-aligned range of members gives every member the score it gets within the whole population, bit
/// for bit: the member's population index, not its place in the batch, decides its noise and its episodes.
/// </summary>
public sealed class MemberRangeTests
{
    private const int Population = 32;

    public static TheoryData<StrategyKind> Strategies => new() { StrategyKind.Eggroll, StrategyKind.OpenEs };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void SupervisedRangesThatTileThePopulationScoreBitIdenticallyToTheWholePopulation(StrategyKind strategy)
    {
        var trainer = SupervisedTrainer(strategy);
        trainer.Step();
        trainer.Step();

        float[] whole = new float[Population];
        trainer.Evaluate(whole);
        var (tiled, _, _) = EvaluateInRanges(trainer, [(20, 12), (0, 6), (6, 14)]);

        AssertBitIdentical(whole, tiled);
        Assert.Equal(Population, whole.Distinct().Count());
    }

    [Fact]
    public void ARangeScoresItsOwnMembersNotTheFirstMembersOfThePopulation()
    {
        var trainer = SupervisedTrainer(StrategyKind.Eggroll);
        float[] whole = new float[Population];
        trainer.Evaluate(whole);

        float[] range = new float[8];
        trainer.Evaluate(8, range);

        AssertBitIdentical(whole.AsSpan(8, 8).ToArray(), range);
        Assert.NotEqual(whole.AsSpan(0, 8).ToArray(), range);
    }

    [Fact]
    public void RlRangesThatTileThePopulationScoreBitIdenticallyToTheWholePopulation()
    {
        var policy = Policy.CreateMlp(new CartPole(), [8], ActivationKind.Tanh, seed: 3, ActionSquash.Tanh, normalizeObservations: false);
        var trainer = new Trainer(policy.Model, new RlObjective(policy, () => new CartPole(), episodesPerMember: 2), new TrainerOptions
        {
            Seed = 5,
            Evolution = new EvolutionConfig { Population = 16, Sigma = 0.3f },
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = 0.05f },
        });
        trainer.Step();

        float[] whole = new float[16];
        trainer.Evaluate(whole);
        var (tiled, _, moments) = EvaluateInRanges(trainer, [(6, 10), (0, 6)]);

        AssertBitIdentical(whole, tiled);
        Assert.Empty(moments);
        Assert.True(whole.Distinct().Count() > 2, "the members' returns should differ");
    }

    [Fact]
    public void WithObservationNormalisationRangesReportTheObservationMomentsOfTheirMembersBitIdenticallyToTheWholePopulation()
    {
        var fixture = new Rl.RlTrainingFixture();
        fixture.Run(2);
        var trainer = fixture.Trainer;
        int length = trainer.MemberStatisticsLength;

        float[] whole = new float[16];
        double[] wholeMoments = new double[16 * length];
        trainer.Evaluate(0, whole, wholeMoments);
        long steps = fixture.Objective.LastEpochSteps;
        var (tiled, _, tiledMoments) = EvaluateInRanges(trainer, [(6, 10), (0, 6)]);

        Assert.Equal(ObservationMoments.BlockLength(4), length);
        AssertBitIdentical(whole, tiled);
        Assert.Equal(wholeMoments.Select(BitConverter.DoubleToInt64Bits), tiledMoments.Select(BitConverter.DoubleToInt64Bits));
        var counts = Enumerable.Range(0, 16).Select(m => wholeMoments[m * length]).ToArray();
        Assert.All(counts, c => Assert.True(c >= 2, $"a member saw {c} observations over its two episodes"));
        Assert.Equal(steps, (long)counts.Sum());
        Assert.Null(trainer.DescribeInvalidStatistics(wholeMoments));
    }

    [Fact]
    public void Int8LanguageModelRangesThatTileThePopulationScoreAndTallyBitIdenticallyToTheWholePopulation()
    {
        var trainer = new EggTrainer(EggModel.Create(new EggConfig(Width: 16, Layers: 1), 5), SampleText.Bytes, new EggTrainingOptions
        {
            Seed = 5,
            Population = Population,
            SequenceLength = 12,
            SequencesPerPair = 2,
            Update = new Int8UpdateOptions { Alpha = 0.3, SigmaShift = 2 },
        });
        trainer.RunEpoch();

        float[] whole = new float[Population];
        trainer.Evaluate(whole);
        var wholeTally = trainer.LastTally;
        var (tiled, tally, _) = EvaluateInRanges(trainer, [(20, 12), (0, 6), (6, 14)]);

        AssertBitIdentical(whole, tiled);
        Assert.Equal(wholeTally, tally);
        Assert.Equal(Population * 2L, tally.Rows);
        Assert.Contains(whole, s => s != 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Evaluate(3, new float[4]));
    }

    [Fact]
    public void RwkvLanguageModelRangesThatTileThePopulationScoreAndReportBitIdenticallyToTheWholePopulation()
    {
        var job = TinyRwkvLm.Create(Population);
        job.RunEpoch();

        float[] whole = new float[Population];
        job.Evaluate(0, whole, []);
        var wholeTally = job.LastTally;
        var (tiled, tally, statistics) = EvaluateInRanges(job, [(20, 12), (0, 6), (6, 14)]);

        AssertBitIdentical(whole, tiled);
        Assert.Equal(wholeTally, tally);
        Assert.Equal(Population * 2L, tally.Rows);
        Assert.Equal(Population, whole.Distinct().Count());

        var single = TinyRwkvLm.Create(Population);
        single.RunEpoch();
        var expected = single.RunEpoch();
        job.Apply(tiled, statistics);
        var actual = job.Metrics(expected.Seconds, tally);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(0, 3)]
    [InlineData(30, 4)]
    [InlineData(-2, 2)]
    public void ARangeThatSplitsAPairOrLeavesThePopulationIsRefused(int first, int count)
    {
        var trainer = SupervisedTrainer(StrategyKind.Eggroll);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Evaluate(first, new float[count]));

        Assert.Contains($"[{first}, {first + count})", error.Message);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void EmbeddingRowsOfARangeEqualTheSameMembersRowsInTheWholeBatch(StrategyKind strategy)
    {
        var embedding = new Embedding(11, 4, new Random(6));
        var model = new Model(new Activation(ActivationKind.Relu, 4), embedding.NamedParameters());
        var perturbation = StrategyFactory.Create(new EvolutionConfig { Strategy = strategy, Population = 6, Sigma = 0.3f, Rank = 2 }, model.Parameters, 77);
        perturbation.SetNoiseEpoch(1);
        int[] tokens = [3, 0, 10, 3, 7, 1, 2, 9, 5, 5, 4, 8];

        float[] whole = embedding.Forward(tokens, new ForwardContext(MemberRows.Uniform(6, 2), perturbation)).Values.ToArray();
        float[] range = embedding.Forward(tokens.AsSpan(4), new ForwardContext(MemberRows.Uniform(4, 2, firstMember: 2), perturbation)).Values.ToArray();

        AssertBitIdentical(whole.AsSpan(4 * 4).ToArray(), range);
    }

    private static Trainer SupervisedTrainer(StrategyKind strategy)
    {
        var (train, _) = SyntheticData.Create(SyntheticTask.Regression, 256, 16, 3);
        var random = new Random(3);
        var model = new Model(new Sequential(new Linear(4, 8, random), new LayerNorm(8), new Activation(ActivationKind.Tanh, 8), new Linear(8, 1, random)));
        return new Trainer(model, new SupervisedObjective(model, train, rowsPerMember: 8), new TrainerOptions
        {
            Seed = 11,
            Evolution = new EvolutionConfig { Strategy = strategy, Rank = 2, Population = Population, Sigma = 0.05f },
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = 0.02f },
        });
    }

    /// <summary>
    /// Evaluates each (first, count) range in the order given, writes its scores and member statistics at the members'
    /// places and sums the ranges' tallies.
    /// </summary>
    private static (float[] Scores, EvaluationTally Tally, double[] Statistics) EvaluateInRanges(IPopulationJob job, (int First, int Count)[] ranges)
    {
        float[] scores = new float[job.Population];
        int length = job.MemberStatisticsLength;
        double[] statistics = new double[job.Population * length];
        var tally = default(EvaluationTally);
        foreach (var (first, count) in ranges)
        {
            job.Evaluate(first, scores.AsSpan(first, count), statistics.AsSpan(first * length, count * length));
            tally += job.LastTally;
        }

        return (scores, tally, statistics);
    }

    private static void AssertBitIdentical(float[] expected, float[] actual) =>
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
}
