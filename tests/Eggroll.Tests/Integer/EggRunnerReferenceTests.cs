using Eggroll.Models.Egg;
using Eggroll.Noise;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Integer;

/// <summary>
/// <see cref="EggRunner.Step"/> against a scalar reference written here from the documented equations
/// (docs/algorithm.md §4.3 and §4.6, the runner's and the norm's class comments): every step's logits
/// must match bit for bit, with and without noise.
/// </summary>
public class EggRunnerReferenceTests
{
    private static readonly byte[][] Sequences = [[104, 101, 108, 108, 111], [0, 255, 32, 200, 7], [65, 65, 65, 66, 10], [9, 250, 128, 127, 1], [42, 43, 44, 45, 46]];

    [Theory]
    [InlineData(8, 1, 0, false)]
    [InlineData(16, 2, 0, false)]
    [InlineData(8, 2, 2, true)]
    [InlineData(16, 1, 3, true)]
    public void Step_matches_a_scalar_reference_of_the_documented_equations_bit_for_bit(int width, int layers, int firstRow, bool perturbed)
    {
        var config = new EggConfig(width, layers);
        var model = EggModel.Create(config, 11);
        int rows = Sequences.Length, rank = 2, rowsPerMember = 2;
        var options = new Int8UpdateOptions { Rank = rank, SigmaShift = 1 };
        var noise = perturbed
            ? new EggNoise(model, new Int8NoiseTable(3, EggNoise.MaxSlice(config, rank), offsets: 4096), 7, pairs: 3, rowsPerMember, options)
            : null;
        var runner = new EggRunner(model, firstRow, rows);
        var reference = new ScalarEgg(model, noise, firstRow, rows);
        var logits = new sbyte[rows * EggConfig.Vocabulary];
        var inputs = new byte[rows];

        for (int t = 0; t < Sequences[0].Length; t++)
        {
            for (int i = 0; i < rows; i++)
            {
                inputs[i] = Sequences[i][t];
            }

            runner.Step(inputs, noise, logits);
            var expected = reference.Step(inputs);
            Assert.Equal(expected, logits);
            Assert.Contains(logits, v => v is not (0 or 127 or -127));
        }
    }

    /// <summary>The EGG model one byte at a time, one row and one value at a time, in int64 arithmetic.</summary>
    private sealed class ScalarEgg(EggModel model, EggNoise? noise, int firstRow, int rows)
    {
        private readonly int d = model.Config.Width;
        private readonly long[][][] states = [.. Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, model.Config.Layers).Select(_ => new long[model.Config.Width]).ToArray())];

        public sbyte[] Step(byte[] inputs)
        {
            var logits = new sbyte[rows * EggConfig.Vocabulary];
            for (int i = 0; i < rows; i++)
            {
                int member = (firstRow + i) / RowsPerMember;
                int pair = member / 2;
                long sign = member % 2 == 0 ? 1 : -1;
                var h = EmbeddingRow(inputs[i], pair, sign);
                for (int l = 0; l < model.Config.Layers; l++)
                {
                    int key = 1 + (4 * l);
                    var u = Norm(h);
                    var g = MatrixOp(key, u, pair, sign);
                    var c = MatrixOp(key + 1, u, pair, sign);
                    var s = states[i][l];
                    for (int j = 0; j < d; j++)
                    {
                        s[j] = Floor((s[j] * (128 - g[j])) + (c[j] * (128 + g[j])), 256);
                        h[j] = Clip(h[j] + s[j]);
                    }

                    var mlp = MatrixOp(key + 3, MatrixOp(key + 2, Norm(h), pair, sign), pair, sign);
                    for (int j = 0; j < d; j++)
                    {
                        h[j] = Clip(h[j] + mlp[j]);
                    }
                }

                var row = MatrixOp(model.Parameters.Count - 1, Norm(h), pair, sign);
                for (int j = 0; j < row.Length; j++)
                {
                    logits[(i * EggConfig.Vocabulary) + j] = (sbyte)row[j];
                }
            }

            return logits;
        }

        private int RowsPerMember => noise?.Matrices[0].RowsPerMember ?? 1;

        /// <summary>Row b of the embedding plus, when perturbed, row b of (s·A·Bᵀ) shifted by 4 + sigma_shift; clipped.</summary>
        private long[] EmbeddingRow(byte b, int pair, long sign)
        {
            var table = model.Embedding.Value;
            var h = new long[d];
            for (int j = 0; j < d; j++)
            {
                long correction = 0;
                if (noise is { } n)
                {
                    var m = n.Matrices[0];
                    for (int q = 0; q < m.Rank; q++)
                    {
                        correction += sign * m.A(pair, q)[b] * m.B(pair, q)[j];
                    }

                    correction = Floor(correction, 1L << m.Shift);
                }

                h[j] = Clip(table[(b * d) + j] + correction);
            }

            return h;
        }

        /// <summary>y = clip(⌊(x·Wᵀ + ⌊(s·(x·B)·Aᵀ) / 2^(4+σ)⌋) / round(16·√in)⌋).</summary>
        private long[] MatrixOp(int key, long[] x, int pair, long sign)
        {
            var w = model.Parameters[key];
            long divisor = (long)Math.Round(16 * Math.Sqrt(w.Cols));
            var y = new long[w.Rows];
            for (int j = 0; j < w.Rows; j++)
            {
                long acc = 0;
                for (int k = 0; k < w.Cols; k++)
                {
                    acc += x[k] * w.Value[(j * w.Cols) + k];
                }

                if (noise is { } n)
                {
                    var m = n.Matrices[key];
                    long correction = 0;
                    for (int q = 0; q < m.Rank; q++)
                    {
                        long projection = 0;
                        for (int k = 0; k < w.Cols; k++)
                        {
                            projection += x[k] * m.B(pair, q)[k];
                        }

                        correction += sign * projection * m.A(pair, q)[j];
                    }

                    acc += Floor(correction, 1L << m.Shift);
                }

                y[j] = Clip(Floor(acc, divisor));
            }

            return y;
        }

        /// <summary>y = clip(⌊x·round(2^16·13/m) / 2^16⌋), m = round(mean |x|) at least 1.</summary>
        private static long[] Norm(long[] x)
        {
            double mean = x.Sum(Math.Abs) / (double)x.Length;
            long m = Math.Clamp((long)Math.Floor(mean + 0.5), 1, 127);
            long factor = (long)Math.Round(65536.0 * 13 / m);
            return [.. x.Select(v => Clip(Floor(v * factor, 65536)))];
        }

        private static long Floor(long value, long divisor) => (value / divisor) - (value % divisor < 0 ? 1 : 0);

        private static long Clip(long value) => Math.Clamp(value, -127, 127);
    }
}
