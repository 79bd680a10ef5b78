using Eggroll.Models.Egg;
using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Numerics.Int8;
using Eggroll.Population.Strategies;
using Eggroll.Tests.Numerics;

namespace Eggroll.Tests.Integer;

/// <summary>The integer building blocks of docs/algorithm.md §4 against straightforward references.</summary>
[Collection(KernelPathCollection.Name)]
public class Int8OperatorTests
{
    private static readonly Int8NoiseTable Table = new(seed: 7, maxSlice: 4096, offsets: 1 << 14);

    [Fact]
    public void Noise_table_rounds_sixteen_normals_and_hashes_offsets_deterministically()
    {
        var normals = new float[Table.Values.Length];
        GaussianNoise.Fill(new NoiseKey(7, 0xFFFF_FFF0, 0, 0), normals);
        for (int i = 0; i < 5000; i++)
        {
            Assert.Equal(Math.Clamp(Math.Round(16.0 * normals[i], MidpointRounding.ToEven), -127, 127), Table.Values[i]);
        }

        Assert.InRange(Table.MeanSquare, 250, 262);
        Assert.Equal(Table.Offset(3, 5, 9), new Int8NoiseTable(7, 4096, 1 << 14).Offset(3, 5, 9));
        Assert.NotEqual(Table.Offset(3, 5, 9), Table.Offset(3, 5, 10));
        Assert.All(Enumerable.Range(0, 200), p => Assert.InRange(Table.Offset(1, 2, (uint)p), 0, (1 << 14) - 1));
    }

    [Theory]
    [InlineData(7, 16, 33, 1, 0)]
    [InlineData(5, 64, 64, 2, 3)]
    [InlineData(9, 13, 129, 3, 1)]
    [InlineData(5, 64, 1, 2, 4)]
    [InlineData(6, 16, 7, 3, 2)]
    [InlineData(9, 64, 33, 4, 0)]
    [InlineData(4, 64, 129, 16, 4)]
    [InlineData(3, 4, 129, 2, 1)]
    [InlineData(7, 48, 33, 16, 3)]
    public void Linear_op_with_low_rank_noise_equals_the_formula(int rows, int inputs, int outputs, int rank, int sigmaShift)
    {
        var random = new Random(rows + inputs);
        var x = Int8GemmTests.RandomBytes(random, rows * inputs);
        var w = Int8GemmTests.RandomBytes(random, outputs * inputs);
        var noise = new Int8MatrixNoise(Table, 4, 11, pairs: 5, rank, outputs, inputs, sigmaShift, rowsPerMember: 1);
        var y = new sbyte[rows * outputs];
        Int8Linear.Forward(x, rows, firstRow: 0, new Int8PackedMatrix(w, outputs, inputs), noise, new int[rows * outputs], y);

        var scale = new Int8OutputScale(inputs);
        for (int i = 0; i < rows; i++)
        {
            int member = i, pair = member / 2, sign = member % 2 == 0 ? 1 : -1;
            for (int j = 0; j < outputs; j++)
            {
                long acc = 0, correction = 0;
                for (int k = 0; k < inputs; k++)
                {
                    acc += x[(i * inputs) + k] * w[(j * inputs) + k];
                }

                for (int q = 0; q < rank; q++)
                {
                    long u = 0;
                    for (int k = 0; k < inputs; k++)
                    {
                        u += x[(i * inputs) + k] * noise.B(pair, q)[k];
                    }

                    correction += sign * u * noise.A(pair, q)[j];
                }

                long total = acc + (correction >> (4 + sigmaShift));
                double divisor = 16 * Math.Sqrt(inputs);
                long expected = Math.Clamp((long)Math.Floor(total / Math.Round(divisor)), -127, 127);
                Assert.Equal(expected, y[(i * outputs) + j]);
                Assert.Equal(expected, scale.Apply(total));
            }
        }
    }

    [Fact]
    public void Output_scale_is_a_shift_for_powers_of_four()
    {
        Assert.Equal(-1, new Int8OutputScale(16).Apply(-1));       // ⌊−1 / (16·√16)⌋ = ⌊−1 / 64⌋
        Assert.Equal(2, new Int8OutputScale(16).Apply(128 + 63));
        Assert.Equal(127, new Int8OutputScale(4).Apply(1 << 20));
        Assert.Equal(-127, new Int8OutputScale(4).Apply(-(1 << 20)));
        Assert.Equal(-2, new Int8OutputScale(2).Apply(-24));       // ⌊−24 / round(16·√2)⌋ = ⌊−24 / 23⌋
    }

    [Fact]
    public void Norm_handles_a_zero_row_and_scales_to_the_target_mean()
    {
        var zero = new sbyte[8];
        var y = new sbyte[8];
        Int8Norm.Apply(zero, y);
        Assert.All(y, v => Assert.Equal(0, v));

        sbyte[] x = [1, -1, 1, -1, 1, -1, 1, -1];
        Int8Norm.Apply(x, y);
        Assert.Equal([13, -13, 13, -13, 13, -13, 13, -13], y.Select(v => (int)v));

        sbyte[] tiny = [1, 0, 0, 0, 0, 0, 0, 0];   // mean rounds to 0: clamped to 1, no division by zero
        Int8Norm.Apply(tiny, y);
        Assert.Equal(13, y[0]);
    }

    [SkippableTheory]
    [InlineData(KernelLevel.Portable)]
    [InlineData(KernelLevel.Avx512)]
    public void Norm_equals_the_scalar_formula_on_every_path(KernelLevel path)
    {
        using var forced = KernelCases.ForceRowOps(path);
        var random = new Random(8);
        foreach (int length in new[] { 16, 48, 53 })
        {
            var x = Int8GemmTests.RandomBytes(random, length).Select(v => (sbyte)(v / (1 + random.Next(20)))).ToArray();
            var y = new sbyte[length];
            Int8Norm.Apply(x, y);
            int mean = Math.Clamp((int)Math.Round(x.Sum(v => Math.Abs((int)v)) / (double)length, MidpointRounding.AwayFromZero), 1, 127);
            int factor = (int)Math.Round(65536.0 * Int8Norm.TargetMeanAbs / mean);
            Assert.Equal(x.Select(v => Math.Clamp((v * factor) >> 16, -127, 127)), y.Select(v => (int)v));
        }
    }

    [SkippableTheory]
    [InlineData(KernelLevel.Portable)]
    [InlineData(KernelLevel.Avx2)]
    public void Dot_product_equals_the_sum_of_products_on_every_path(KernelLevel path)
    {
        using var forced = KernelCases.ForceRowOps(path);
        var random = new Random(9);
        foreach (int length in new[] { 0, 1, 15, 16, 17, 31, 48, 1000 })
        {
            var a = Int8GemmTests.RandomBytes(random, length);
            var b = Int8GemmTests.RandomBytes(random, length + 3);
            Assert.Equal(a.Select((v, i) => v * b[i]).Sum(), Int8Math.Dot(a, b));
        }

        var extreme = Enumerable.Repeat((sbyte)-128, 4096).ToArray();
        Assert.Equal(4096 * 128 * 128, Int8Math.Dot(extreme, extreme));
    }

    [Fact]
    public void Table_softmax_loss_matches_the_real_log_softmax_within_table_resolution()
    {
        Assert.Equal(8 * Int8Softmax.LossScale, Int8Softmax.LossQ8(new sbyte[256], 3));
        var random = new Random(3);
        for (int trial = 0; trial < 200; trial++)
        {
            var logits = Int8GemmTests.RandomBytes(random, 256).Select(v => (sbyte)Math.Max((int)v, -127)).ToArray();
            int target = random.Next(256);
            double max = logits.Max(v => v / 16.0);
            double log2Sum = max + Math.Log2(logits.Sum(v => Math.Pow(2, (v / 16.0) - max)));
            double exact = log2Sum - (logits[target] / 16.0);
            Assert.InRange(Int8Softmax.LossQ8(logits, target) / 256.0, exact - 0.01, exact + 0.01);
        }
    }

    [Fact]
    public void Quantile_is_the_two_sided_normal_quantile()
    {
        Assert.Equal(1.959964, NormalQuantile.TwoSided(0.05), 4);
        Assert.Equal(0.674490, NormalQuantile.TwoSided(0.5), 4);
        Assert.Equal(0, NormalQuantile.TwoSided(1), 4);
    }
}
