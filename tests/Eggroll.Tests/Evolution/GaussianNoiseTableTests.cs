using Eggroll.Models;
using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>
/// The shared Gaussian noise table (docs/algorithm.md §1.4): its values are the library's Gaussian stream of the
/// table key whatever the thread count, its slices start where the integer table's do, and EGGROLL reads each
/// pair's noise from its slice without generating any.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class GaussianNoiseTableTests
{
    private const ulong Seed = 23;

    [Fact]
    public void TheTableIsTheGaussianStreamOfTheTableKeyWhateverTheThreadCount()
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var single = new GaussianNoiseTable(Seed, maxSlice: 1000, offsets: 200_000);
            Parallelism.MaxThreads = 2;
            var dual = new GaussianNoiseTable(Seed, maxSlice: 1000, offsets: 200_000);
            var normals = new float[201_000];
            GaussianNoise.Fill(new NoiseKey(Seed, 0xFFFF_FFF0, 0, 0), normals);

            Assert.Equal((200_000, 1000, 201_000), (single.Offsets, single.MaxSlice, single.Values.Length));
            Assert.Equal(normals, single.Values.ToArray());
            Assert.Equal(normals, dual.Values.ToArray());
            Assert.NotEqual(normals, new GaussianNoiseTable(Seed + 1, maxSlice: 1000, offsets: 200_000).Values.ToArray());
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void SlicesStartWhereTheIntegerTablesDoAndStayWithinTheTable()
    {
        var table = new GaussianNoiseTable(Seed, maxSlice: 10, offsets: 5000);
        var integer = new Int8NoiseTable(Seed, maxSlice: 10, offsets: 5000);
        var key = new NoiseKey(Seed, ParameterId: 4, NoiseEpoch: 9, Pair: 0);

        for (uint pair = 0; pair < 300; pair++)
        {
            Assert.Equal(integer.Offset(4, 9, pair), table.Offset(4, 9, pair));
            int start = table.Offset(4, 9, pair);
            Assert.Equal(table.Values.Slice(start + 3, 7).ToArray(), table.Slice(key with { Pair = pair }, 3, 7).ToArray());
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => table.Slice(key, 4, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Slice(key with { Seed = Seed + 1 }, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoiseTable(Seed, maxSlice: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoiseTable(Seed, maxSlice: 1, offsets: GaussianNoiseTable.MaxOffsets + 1));
    }

    [Fact]
    public void EggrollWithATableReadsEachPairsFactorsAndBiasNoiseFromItsSlice()
    {
        var linear = new Linear(6, 4, new Random(2));
        var model = new Model(linear);
        var strategy = new LowRankPerturbation(model.Parameters, Seed, memberCount: 4, sigma: 1f, rank: 2, noiseTableOffsets: 300);
        strategy.SetNoiseEpoch(7);
        var table = strategy.NoiseTable!;
        var x = new Matrix(4, 6);
        x[0, 1] = 1f;
        x[1, 1] = 1f;

        var y = linear.Forward(x, new ForwardContext(MemberRows.Uniform(4, 1), strategy)).Values.ToArray();
        var plain = linear.Forward(x, ForwardContext.Unperturbed(4)).Values.ToArray();

        // Pair 0's slice of the weight holds Aᵀ (2 × 4) then Bᵀ (2 × 6); member 0 adds (1/√2)·Σ_k Bᵀ[k, 1]·Aᵀ[k, o] + ε_bias[o].
        Assert.Equal(2 * (4 + 6), table.MaxSlice);
        var slice = table.Values.Slice(table.Offset((uint)linear.Weight.Id, 7, 0), 20).ToArray();
        var bias = table.Values.Slice(table.Offset((uint)linear.Bias!.Id, 7, 0), 4).ToArray();
        for (int o = 0; o < 4; o++)
        {
            double lowRank = ((slice[8 + 1] * slice[o]) + (slice[8 + 6 + 1] * slice[4 + o])) / Math.Sqrt(2);
            Assert.Equal(plain[o] + bias[o] + lowRank, y[o], 4);
            Assert.Equal(plain[4 + o] - bias[o] - lowRank, y[4 + o], 4);
        }
    }
}
