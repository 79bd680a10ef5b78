using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Training;

namespace Eggroll.Tests.Evolution;

/// <summary>The shaping kind, the z-score group size and FreezeNonMatrix of <see cref="EvolutionConfig"/> reach the trainer's epoch.</summary>
public class TrainerOptionsTests
{
    private static readonly float[] Scores = [3, 1, 4, 1, 5, 9, 2, 6];

    public static TheoryData<ShapingKind, int, float[]> ShapedByHand()
    {
        double mean = Scores.Average(), std = Math.Sqrt(Scores.Average(s => (s - mean) * (s - mean)) + 1e-5);
        return new()
        {
            { ShapingKind.ZScore, 0, [.. Scores.Select(s => (float)((s - mean) / std))] },
            { ShapingKind.ZScore, 4, [.. Scores.Select((s, i) => (float)((s - Scores.Skip(i / 4 * 4).Take(4).Average()) / std))] },
            { ShapingKind.ZScore, 2, [.. Scores.Select((s, i) => (float)((s - ((Scores[i & ~1] + Scores[i | 1]) / 2.0)) / std))] },
            { ShapingKind.CentredRank, 0, [.. new[] { 3, 0.5, 4, 0.5, 5, 7, 2, 6 }.Select(rank => (float)((rank / 7) - 0.5))] },
            { ShapingKind.PairSign, 0, [0.5f, -0.5f, 0.5f, -0.5f, -0.5f, 0.5f, -0.5f, 0.5f] },
            { ShapingKind.Raw, 0, Scores },
        };
    }

    [Theory]
    [MemberData(nameof(ShapedByHand))]
    public void The_trainer_weights_pairs_by_the_configured_shaping_and_group_size(ShapingKind shaping, int groupSize, float[] expected)
    {
        var fixture = new TrainingFixture(population: Scores.Length);
        var options = fixture.Options with { Evolution = fixture.Options.Evolution with { Shaping = shaping, GroupSize = groupSize } };
        var spy = new CountingStrategy(StrategyFactory.Create(options.Evolution, fixture.Model.Parameters, options.Seed));
        var trainer = new Trainer(fixture.Model, fixture.Objective, options, spy);

        trainer.Apply(Scores);

        Assert.Equal(expected, spy.LastShapedFitness, (a, b) => Math.Abs(a - b) <= 1e-6f);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FreezeNonMatrix_keeps_every_vector_as_it_was_while_the_matrices_evolve(bool freeze)
    {
        var fixture = new TrainingFixture(population: 16);
        var options = fixture.Options with { Evolution = fixture.Options.Evolution with { FreezeNonMatrix = freeze } };
        var trainer = new Trainer(fixture.Model, fixture.Objective, options);
        var before = fixture.Snapshot();

        for (int epoch = 0; epoch < 3; epoch++)
        {
            trainer.RunEpoch();
        }

        var after = fixture.Snapshot();
        var entries = fixture.Model.Parameters.Entries;
        Assert.Contains(entries, e => e.Parameter.Kind == ParameterKind.Vector);
        for (int i = 0; i < entries.Count; i++)
        {
            bool vector = entries[i].Parameter.Kind == ParameterKind.Vector;
            Assert.Equal(freeze && vector, before[i].SequenceEqual(after[i]));
        }
    }
}
