using System.Numerics;
using Eggroll.Models;
using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Numerics;

/// <summary>
/// <see cref="SignProductSum"/>: its table holds the sums of the coded signs' products, and the vector kernel gives, bit
/// for bit and whatever the thread count, the scalar sum term after term (from popcounts, not the kernel's table), also in tiles
/// cut by the output's edges.
/// </summary>
[Collection(KernelPathCollection.Name)]
public sealed class SignProductSumTests
{
    private static readonly KernelLevel[] Levels = [KernelLevel.Portable, KernelLevel.Avx2, KernelLevel.Avx512];

    public static TheoryData<KernelLevel, int> Groups
    {
        get
        {
            var data = new TheoryData<KernelLevel, int>();
            foreach (var level in Levels)
            {
                for (int group = 1; group <= SignProductSum.MaxGroup; group++)
                {
                    data.Add(level, group);
                }
            }

            return data;
        }
    }

    public static TheoryData<KernelLevel, int, int, int, int> Shapes
    {
        get
        {
            var data = new TheoryData<KernelLevel, int, int, int, int>();
            foreach (var level in Levels)
            {
                data.Add(level, 1, 8, 48, 1);
                data.Add(level, 1, 70, 101, 37);
                data.Add(level, 2, 70, 101, 37);
                data.Add(level, 2, 129, 200, 9);
                data.Add(level, 2, 3, 5, 2);
            }

            return data;
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Groups))]
    public void EachTermAddsItsWeightTimesTheSumOfTheCodedSignsProducts(KernelLevel level, int group)
    {
        using var forced = Force(level);
        int codes = 1 << group;
        var rowCodes = new byte[SignProductSum.RowCodeLength(codes, SignProductSum.Rows)];
        var columnCodes = new byte[SignProductSum.ColumnCodeLength(codes, codes)];
        var weights = new float[codes];
        for (int q = 0; q < codes; q++)
        {
            // Term q: row 0 coded q, column j coded j, weight 2^q, so output (0, j) sums each code pair's product once.
            rowCodes[SignProductSum.RowCodeIndex(codes, 0, q)] = (byte)(((group - 1) * SignProductSum.CodesPerGroup) + q);
            for (int j = 0; j < codes; j++)
            {
                columnCodes[SignProductSum.ColumnCodeIndex(codes, j, q)] = (byte)j;
            }

            weights[q] = MathF.Pow(2, q);
        }

        var c = new float[SignProductSum.Rows * codes];
        new SignProductSum().Run(rowCodes, columnCodes, weights, codes, SignProductSum.Rows, codes, 1f, c);
        for (int j = 0; j < codes; j++)
        {
            double expected = 0;
            for (int q = 0; q < codes; q++)
            {
                int sum = 0;
                for (int k = 0; k < group; k++)
                {
                    sum += Sign(q, k) * Sign(j, k);
                }

                expected += weights[q] * sum;
            }

            Assert.Equal(expected, c[j]);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public void TheKernelEqualsTheTermByTermSumAndWritesNothingElse(KernelLevel level, int threads, int m, int n, int terms)
    {
        using var forced = Force(level);
        var random = new Random((m * 1000) + n);
        var rowCodes = new byte[SignProductSum.RowCodeLength(terms, m)];
        var columnCodes = new byte[SignProductSum.ColumnCodeLength(terms, n)];
        var weights = new float[terms];
        for (int q = 0; q < terms; q++)
        {
            int group = random.Next(1, SignProductSum.MaxGroup + 1);
            for (int i = 0; i < m; i++)
            {
                rowCodes[SignProductSum.RowCodeIndex(terms, i, q)] = (byte)(((group - 1) * SignProductSum.CodesPerGroup) + random.Next(1 << group));
            }

            for (int j = 0; j < n; j++)
            {
                columnCodes[SignProductSum.ColumnCodeIndex(terms, j, q)] = (byte)random.Next(1 << group);
            }

            weights[q] = q % 7 == 3 ? 0f : (float)(random.NextDouble() - 0.5) * 3f;
        }

        const float Alpha = 0.37f, Untouched = 12345f;
        var c = Enumerable.Repeat(Untouched, (m * n) + 64).ToArray();
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = threads;
            new SignProductSum().Run(rowCodes, columnCodes, weights, terms, m, n, Alpha, c);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float expected = TermByTerm(rowCodes, columnCodes, weights, terms, Alpha, i, j);
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(c[(i * n) + j]));
            }
        }

        Assert.All(c[(m * n)..], value => Assert.Equal(Untouched, value));
    }

    [Fact]
    public void CodesTooShortForTheShapeAreRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SignProductSum().Run(
            new byte[SignProductSum.RowCodeLength(2, 8) - 1], new byte[SignProductSum.ColumnCodeLength(2, 48)], new float[2], 2, 8, 48, 1f, new float[8 * 48]));
        Assert.Equal("rowCodes", error.ParamName);
    }

    /// <summary>
    /// The update of Rademacher factors (ranks 4 and 6: one group, and a group of 4 with one of 2) gives the same bits on every
    /// path of the kernel and of the codes' writer.
    /// </summary>
    [SkippableTheory]
    [InlineData(4)]
    [InlineData(6)]
    public void TheUpdateOfRademacherFactorsIsTheSameOnEveryPath(int rank)
    {
        var linear = new Linear(100, 130, new Random(5));
        var perturbation = new LowRankPerturbation(new Model(linear).Parameters, 17, 8, 0.1f, rank, distribution: NoiseDistribution.Rademacher);
        perturbation.SetNoiseEpoch(2);
        float[] pairWeights = [0.75f, -1.5f, 0.3f, -0.01f];
        var gradients = new List<int[]>();
        foreach (var level in Levels.Where(SignProductSum.IsSupported))
        {
            using var forced = KernelPaths.Force(KernelFamily.Gemm, level);
            var gradient = new float[linear.Weight.Count];
            perturbation.Estimate(linear.Weight, pairWeights, gradient);
            gradients.Add(gradient.Select(BitConverter.SingleToInt32Bits).ToArray());
        }

        Skip.If(gradients.Count < 2, "only one path runs here");
        Assert.All(gradients, bits => Assert.Equal(gradients[0], bits));
    }

    private static IDisposable Force(KernelLevel level)
    {
        KernelCases.SkipUnless(SignProductSum.IsSupported(level), $"the ±1 product-sum kernel at {level}");
        return KernelPaths.Force(KernelFamily.Gemm, level);
    }

    private static int Sign(int code, int k) => ((code >> k) & 1) != 0 ? -1 : 1;

    /// <summary>α·Σ_q w_q·(g − 2·popcount(a ⊕ b)), the terms added in order q = 0, 1, … one float rounding at a time.</summary>
    private static float TermByTerm(byte[] rowCodes, byte[] columnCodes, float[] weights, int terms, float alpha, int i, int j)
    {
        float sum = 0f;
        for (int q = 0; q < terms; q++)
        {
            int rowCode = rowCodes[SignProductSum.RowCodeIndex(terms, i, q)], columnCode = columnCodes[SignProductSum.ColumnCodeIndex(terms, j, q)];
            int group = (rowCode / SignProductSum.CodesPerGroup) + 1;
            float product = weights[q] * (group - (2 * BitOperations.PopCount((uint)((rowCode % SignProductSum.CodesPerGroup) ^ columnCode))));
            sum += product;
        }

        return alpha * sum;
    }
}
