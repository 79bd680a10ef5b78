using Eggroll.Noise;
using Eggroll.Tasks.Language;
using Eggroll.Tasks.Supervised;

namespace Eggroll.Tests.Reference;

/// <summary>Exact contents of the byte corpus split and of the synthetic supervised tasks.</summary>
public class DataSetTests
{
    [Fact]
    public void A_small_corpus_is_cut_into_twenty_blocks_of_a_twentieth_with_blocks_18_and_19_held_out()
    {
        var bytes = Enumerable.Range(0, 219).Select(i => (byte)i).ToArray();

        var corpus = new ByteCorpus(bytes);

        // Blocks of 219 / 20 = 10 bytes: blocks 0-17 and the partial blocks 20 and 21 train.
        Assert.Equal(bytes[..180].Concat(bytes[200..]), corpus.Train);
        Assert.Equal(bytes[180..190], corpus.Validation);
        Assert.Equal(bytes[190..200], corpus.Test);
    }

    [Fact]
    public void A_large_corpus_interleaves_blocks_of_4096_bytes_eighteen_one_one()
    {
        const int block = ByteCorpus.BlockBytes;
        var bytes = Enumerable.Range(0, (41 * block) + 100).Select(i => (byte)(i * 7 / block)).ToArray();

        var corpus = new ByteCorpus(bytes);

        Assert.Equal(bytes[..(18 * block)].Concat(bytes[(20 * block)..(38 * block)]).Concat(bytes[(40 * block)..]), corpus.Train);
        Assert.Equal(bytes[(18 * block)..(19 * block)].Concat(bytes[(38 * block)..(39 * block)]), corpus.Validation);
        Assert.Equal(bytes[(19 * block)..(20 * block)].Concat(bytes[(39 * block)..(40 * block)]), corpus.Test);
    }

    [Fact]
    public void A_corpus_below_160_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ByteCorpus(new byte[159]));
        Assert.Equal(8, new ByteCorpus(new byte[160]).Test.Length);
    }

    [Theory]
    [InlineData(SyntheticTask.Regression, 4)]
    [InlineData(SyntheticTask.Rings, 2)]
    public void Synthetic_inputs_are_uniform_in_minus_one_one_from_the_counter_random_words_and_targets_follow_the_formula(SyntheticTask task, int width)
    {
        const ulong seed = 9;
        var (train, test) = SyntheticData.Create(task, 5, 3, seed);

        foreach (var (set, stream) in new[] { (train, 0x7A1A0001u), (test, 0x7A1A0002u) })
        {
            for (int i = 0; i < set.Count; i++)
            {
                var x = new double[width];
                for (int j = 0; j < width; j++)
                {
                    x[j] = (CounterRandom.NextUInt(seed, stream, (uint)((i * width) + j)) / 4294967296.0 * 2) - 1;
                    Assert.Equal((float)x[j], set.Inputs[i, j]);
                }

                Assert.Equal(Target(task, x), set.Targets[i, 0], 5);
            }
        }
    }

    [Fact]
    public void The_first_regression_examples_of_seed_3_are_pinned()
    {
        // Computed outside .NET (Python, Philox4x32-10 from its definition) with the formula above.
        double[][] inputs =
        [
            [0.28036247519776225, 0.059898764826357365, 0.6278742775321007, -0.28926269290968776],
            [0.6076480085030198, 0.7666469761170447, -0.3251204560510814, -0.6706365011632442],
        ];
        double[] targets = [0.5275727171473902, 0.46334319576167937];

        var (train, _) = SyntheticData.Create(SyntheticTask.Regression, 2, 1, 3);

        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(inputs[i].Select(v => (float)v), train.Inputs.Row(i).ToArray());
            Assert.Equal(targets[i], train.Targets[i, 0], 5);
        }
    }

    /// <summary>Regression: sin(2x₀) + x₁x₂ − x₃²/2; rings: class 0 inside radius 0.45, 1 inside 0.8, else 2.</summary>
    private static double Target(SyntheticTask task, double[] x)
    {
        if (task == SyntheticTask.Regression)
        {
            return Math.Sin(2 * x[0]) + (x[1] * x[2]) - (0.5 * x[3] * x[3]);
        }

        double radius = Math.Sqrt((x[0] * x[0]) + (x[1] * x[1]));
        return radius < 0.45 ? 0 : radius < 0.8 ? 1 : 2;
    }
}
