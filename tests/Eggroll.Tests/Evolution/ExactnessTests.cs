using Eggroll.Noise;
using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>The fast perturbed forward and update equal their definitions computed with materialised perturbations.</summary>
public sealed class ExactnessTests
{
    private const float Sigma = 0.3f;
    private const ulong Seed = 77;
    private static readonly int[] RowCounts = [1, 2, 0, 3, 1, 2];

    /// <summary>Slice starts of the shared noise table of the "eggroll-table" cases: small, so that pairs' slices overlap.</summary>
    private const int TableOffsets = 997;

    public static TheoryData<string, int> Strategies => new()
    {
        { "eggroll", 1 },
        { "eggroll", 3 },
        { "eggroll", 6 },
        { "eggroll-table", 1 },
        { "eggroll-table", 3 },
        { "eggroll-table", 6 },
        { "eggroll-signs", 1 },
        { "eggroll-signs", 3 },
        { "eggroll-signs", 4 },
        { "eggroll-signs", 6 },
        { "eggroll-gaussian16", 1 },
        { "eggroll-gaussian16", 3 },
        { "eggroll-gaussian16", 4 },
        { "openes-cached", 0 },
        { "openes-regenerated", 0 },
    };

    /// <summary>Two input widths: 7, and 64, a multiple of the projections' 32 lanes, where four factors are projected per pass.</summary>
    [Theory]
    [MemberData(nameof(Strategies))]
    public void PerturbedLinearForwardEqualsExplicitPerturbedWeights(string strategy, int rank)
    {
        foreach (int inputs in new[] { 7, 64 })
        {
            CheckPerturbedLinearForward(strategy, rank, inputs);
        }
    }

    private static void CheckPerturbedLinearForward(string strategy, int rank, int inputs)
    {
        var linear = new Linear(inputs, 5, new Random(1));
        TestData.Fill(linear.Bias!.Value, 2);
        var model = new Model(linear);
        var perturbation = Create(strategy, model.Parameters, rank);
        const uint noiseEpoch = 3;
        perturbation.SetNoiseEpoch(noiseEpoch);
        var rows = new MemberRows(RowCounts);
        var x = TestData.Matrix(rows.RowCount, inputs, 3);

        var y = linear.Forward(x, new ForwardContext(rows, perturbation));

        for (int t = 0; t < rows.MemberCount; t++)
        {
            var e = Materialise(perturbation, noiseEpoch, linear.Weight, t, rank);
            var biasNoise = BiasNoise(perturbation, noiseEpoch, linear.Bias, t);
            for (int i = rows.Start(t); i < rows.End(t); i++)
            {
                for (int o = 0; o < 5; o++)
                {
                    double expected = linear.Bias.Value[o] + Sigma * biasNoise[0, o];
                    for (int j = 0; j < inputs; j++)
                    {
                        expected += x[i, j] * (linear.Weight.Value[o * inputs + j] + Sigma * e[o, j]);
                    }

                    Assert.Equal(expected, y[i, o], 1e-4);
                }
            }
        }
    }

    /// <summary>
    /// Two shapes: a small one, and one of 120 rows (the full-rank estimate works in blocks of 16 rows) whose 12,000
    /// weights give three pairs 36,000 normals, which are generated in more than one run of pairs.
    /// </summary>
    [Theory]
    [MemberData(nameof(Strategies))]
    public void UpdateEqualsSumOfMaterialisedPerturbations(string strategy, int rank)
    {
        CheckUpdate(strategy, rank, inputs: 6, outputs: 9);
        CheckUpdate(strategy, rank, inputs: 100, outputs: 120);
    }

    /// <summary>An embedding table (V × d) is estimated as a matrix: its rows are the factors' A side.</summary>
    [Theory]
    [MemberData(nameof(Strategies))]
    public void EmbeddingUpdateEqualsSumOfMaterialisedPerturbations(string strategy, int rank)
    {
        var embedding = new Embedding(70, 13, new Random(8));
        var model = new Model(new Activation(ActivationKind.Relu, 13), embedding.NamedParameters());
        var perturbation = Create(strategy, model.Parameters, rank);
        const uint noiseEpoch = 3;
        perturbation.SetNoiseEpoch(noiseEpoch);
        var (shaped, pairWeights) = Fitness(perturbation, 9);

        AssertMatrixEstimate(perturbation, noiseEpoch, embedding.Table, shaped, pairWeights, rank);
    }

    private static void CheckUpdate(string strategy, int rank, int inputs, int outputs)
    {
        var linear = new Linear(inputs, outputs, new Random(4));
        var model = new Model(linear);
        var perturbation = Create(strategy, model.Parameters, rank);
        const uint noiseEpoch = 5;
        perturbation.SetNoiseEpoch(noiseEpoch);
        var (shaped, pairWeights) = Fitness(perturbation, 5);

        AssertMatrixEstimate(perturbation, noiseEpoch, linear.Weight, shaped, pairWeights, rank);

        int n = perturbation.MemberCount;
        var biasGradient = new float[linear.Bias!.Count];
        perturbation.Estimate(linear.Bias, pairWeights, biasGradient);
        var expectedBias = new double[outputs];
        for (int t = 0; t < n; t++)
        {
            var b = BiasNoise(perturbation, noiseEpoch, linear.Bias, t);
            for (int i = 0; i < outputs; i++)
            {
                expectedBias[i] += shaped[t] * b[0, i] / (n * Sigma);
            }
        }

        for (int i = 0; i < outputs; i++)
        {
            Assert.Equal(expectedBias[i], biasGradient[i], 1e-4);
        }
    }

    /// <summary>Shaped fitness for every member (uniform, from <paramref name="seed"/>) and the pair weights it gives.</summary>
    private static (float[] Shaped, float[] PairWeights) Fitness(IEvolutionStrategy perturbation, int seed)
    {
        var shaped = TestData.Uniform(perturbation.MemberCount, seed);
        var pairWeights = new float[perturbation.MemberCount / 2];
        perturbation.PairWeights(shaped, pairWeights);
        return (shaped, pairWeights);
    }

    /// <summary>The estimate of <paramref name="matrix"/> equals 1/(Nσ)·Σ_t F_t·E_t over its materialised perturbations E_t.</summary>
    private static void AssertMatrixEstimate(IEvolutionStrategy perturbation, uint noiseEpoch, Parameter matrix, float[] shaped, float[] pairWeights, int rank)
    {
        int n = perturbation.MemberCount;
        var gradient = new float[matrix.Count];
        perturbation.Estimate(matrix, pairWeights, gradient);
        var expected = new double[matrix.Rows, matrix.Cols];
        for (int t = 0; t < n; t++)
        {
            var e = Materialise(perturbation, noiseEpoch, matrix, t, rank);
            for (int i = 0; i < matrix.Rows; i++)
            {
                for (int j = 0; j < matrix.Cols; j++)
                {
                    expected[i, j] += shaped[t] * e[i, j] / (n * Sigma);
                }
            }
        }

        for (int i = 0; i < matrix.Rows; i++)
        {
            for (int j = 0; j < matrix.Cols; j++)
            {
                Assert.Equal(expected[i, j], gradient[(i * matrix.Cols) + j], 1e-4);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void PerturbedEmbeddingRowsEqualExplicitPerturbedTable(string strategy, int rank)
    {
        var embedding = new Embedding(11, 4, new Random(6));
        var model = new Model(new Activation(ActivationKind.Relu, 4), embedding.NamedParameters());
        var perturbation = Create(strategy, model.Parameters, rank);
        const uint noiseEpoch = 0;
        perturbation.SetNoiseEpoch(noiseEpoch);
        var rows = new MemberRows(RowCounts);
        int[] tokens = [3, 0, 10, 3, 7, 1, 2, 9, 5];

        var y = embedding.Forward(tokens, new ForwardContext(rows, perturbation));

        for (int t = 0; t < rows.MemberCount; t++)
        {
            var e = Materialise(perturbation, noiseEpoch, embedding.Table, t, rank);
            for (int i = rows.Start(t); i < rows.End(t); i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    double expected = embedding.Table.Value[tokens[i] * 4 + j] + Sigma * e[tokens[i], j];
                    Assert.Equal(expected, y[i, j], 4);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void AddingMatrixNoiseToAPlainProductEqualsTheFusedLinearLayer(string strategy, int rank)
    {
        var linear = new Linear(9, 6, new Random(20), bias: false);
        var model = new Model(linear);
        var perturbation = Create(strategy, model.Parameters, rank);
        perturbation.SetNoiseEpoch(2);
        var rows = new MemberRows(RowCounts);
        var x = TestData.Matrix(rows.RowCount, 9, 21);
        var context = new ForwardContext(rows, perturbation);
        var fused = linear.Forward(x, context).Values.ToArray();

        var y = linear.Forward(x, ForwardContext.Unperturbed(rows.RowCount));
        context.AddMatrixNoise(linear.Weight, x, y);

        TestData.AssertClose(fused, y.Values, 1e-5f);
    }

    [Fact]
    public void EvaluationModeIsThePlainModel()
    {
        var linear = new Linear(3, 2, new Random(8));
        TestData.Fill(linear.Bias!.Value, 9);
        var x = TestData.Matrix(4, 3, 10);

        var y = linear.Forward(x, ForwardContext.Unperturbed(4));

        for (int i = 0; i < 4; i++)
        {
            for (int o = 0; o < 2; o++)
            {
                float expected = linear.Bias.Value[o];
                for (int j = 0; j < 3; j++)
                {
                    expected += x[i, j] * linear.Weight.Value[o * 3 + j];
                }

                Assert.Equal(expected, y[i, o], 5);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void FrozenParametersGetNoNoiseAndNoUpdate(string strategy, int rank)
    {
        var linear = new Linear(3, 2, new Random(11));
        var model = new Model(linear);
        model.Parameters.FreezeNonMatrix();
        linear.Weight.Frozen = true;
        var perturbation = Create(strategy, model.Parameters, rank);
        perturbation.SetNoiseEpoch(0);
        var x = TestData.Matrix(6, 3, 12);
        var rows = MemberRows.Uniform(6, 1);

        var perturbed = linear.Forward(x, new ForwardContext(rows, perturbation)).Values.ToArray();
        var plain = linear.Forward(x, ForwardContext.Unperturbed(6)).Values.ToArray();
        var gradient = TestData.Uniform(linear.Weight.Count, 13);
        perturbation.Estimate(linear.Weight, [1f, -1f, 0.5f], gradient);
        var added = TestData.Matrix(6, 2, 14);
        var before = added.Values.ToArray();
        perturbation.AddMatrixNoise(linear.Weight, x, added, rows);
        var looked = TestData.Matrix(6, 3, 15);
        var lookedBefore = looked.Values.ToArray();
        perturbation.AddEmbeddingNoise(linear.Weight, [0, 1, 0, 1, 0, 1], looked, rows);

        Assert.Equal(plain, perturbed);
        Assert.All(gradient, g => Assert.Equal(0f, g));
        Assert.Equal(before, added.Values.ToArray());
        Assert.Equal(lookedBefore, looked.Values.ToArray());
    }

    [Fact]
    public void AntitheticMembersOfAPairMirrorEachOther()
    {
        var linear = new Linear(5, 3, new Random(14), bias: false);
        var model = new Model(linear);
        var perturbation = new LowRankPerturbation(model.Parameters, Seed, 4, Sigma, 2);
        perturbation.SetNoiseEpoch(1);
        var x = new Matrix(4, 5);
        for (int i = 0; i < 4; i++)
        {
            TestData.Uniform(5, 15).CopyTo(x.Row(i));
        }

        var plain = linear.Forward(x, ForwardContext.Unperturbed(4)).Row(0).ToArray();
        var y = linear.Forward(x, new ForwardContext(MemberRows.Uniform(4, 1), perturbation));

        for (int o = 0; o < 3; o++)
        {
            Assert.Equal(plain[o] - y[0, o], y[1, o] - plain[o], 4);
            Assert.NotEqual(y[0, o], y[2, o]);
        }
    }

    /// <summary>
    /// Rademacher noise is read as bits with one row per member and as the ±1 floats from two rows on: each member's two rows
    /// in one batch give, bit for bit, what each row gives alone in a batch of one row per member (input widths of whole
    /// 32-lane steps take the four-factor projections; the second batch of one row reads the stored sign codes).
    /// </summary>
    [Theory]
    [InlineData(1, 70)]
    [InlineData(2, 70)]
    [InlineData(3, 64)]
    [InlineData(4, 70)]
    [InlineData(4, 64)]
    [InlineData(6, 70)]
    [InlineData(7, 96)]
    public void RademacherNoiseReadAsBitsOrAsFloatsGivesTheSameRows(int rank, int inputs)
    {
        var linear = new Linear(inputs, 37, new Random(30));
        TestData.Fill(linear.Bias!.Value, 31);
        var perturbation = new LowRankPerturbation(new Model(linear).Parameters, Seed, 8, Sigma, rank, distribution: NoiseDistribution.Rademacher);
        perturbation.SetNoiseEpoch(6);
        var x = TestData.Matrix(16, inputs, 32);

        var both = linear.Forward(x, new ForwardContext(MemberRows.Uniform(8, 2), perturbation)).Values.ToArray();
        for (int which = 0; which < 2; which++)
        {
            var single = new Matrix(8, inputs);
            for (int t = 0; t < 8; t++)
            {
                x.Row((2 * t) + which).CopyTo(single.Row(t));
            }

            var alone = linear.Forward(single, new ForwardContext(MemberRows.Uniform(8, 1), perturbation));
            for (int t = 0; t < 8; t++)
            {
                Assert.Equal(both.AsSpan(((2 * t) + which) * 37, 37).ToArray(), alone.Row(t).ToArray());
            }
        }
    }

    private static IEvolutionStrategy Create(string strategy, ParameterSet parameters, int rank) => strategy switch
    {
        "eggroll" => new LowRankPerturbation(parameters, Seed, 6, Sigma, rank),
        "eggroll-table" => new LowRankPerturbation(parameters, Seed, 6, Sigma, rank, TableOffsets),
        "eggroll-signs" => new LowRankPerturbation(parameters, Seed, 6, Sigma, rank, distribution: NoiseDistribution.Rademacher),
        "eggroll-gaussian16" => new LowRankPerturbation(parameters, Seed, 6, Sigma, rank, distribution: NoiseDistribution.Gaussian16),
        "openes-cached" => new FullRankPerturbation(parameters, Seed, 6, Sigma),
        _ => new FullRankPerturbation(parameters, Seed, 6, Sigma, cacheLimit: 0),
    };

    private static double[,] Materialise(IEvolutionStrategy perturbation, uint noiseEpoch, Parameter w, int member, int rank) =>
        perturbation is LowRankPerturbation lowRank
            ? ExplicitNoise.LowRank(Seed, noiseEpoch, w, member, rank, lowRank.NoiseTable, lowRank.Distribution)
            : ExplicitNoise.Full(Seed, noiseEpoch, w, member);

    private static double[,] BiasNoise(IEvolutionStrategy perturbation, uint noiseEpoch, Parameter bias, int member) =>
        perturbation is LowRankPerturbation lowRank
            ? ExplicitNoise.Full(Seed, noiseEpoch, bias, member, lowRank.NoiseTable, lowRank.Distribution)
            : ExplicitNoise.Full(Seed, noiseEpoch, bias, member);
}
