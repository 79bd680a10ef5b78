using Eggroll.Noise;
using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>What both strategies refuse, and the plain forward's per-call state; each refusal names its argument.</summary>
public sealed class StrategyArgumentTests
{
    private const ulong Seed = 5;

    public static TheoryData<string> Kinds => new(["eggroll", "openes"]);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(-2)]
    public void APopulationThatIsNotAPositiveEvenNumberIsRefused(int members)
    {
        var parameters = new Model(Layer()).Parameters;

        Assert.Equal("memberCount", Assert.Throws<ArgumentOutOfRangeException>(() => new LowRankPerturbation(parameters, Seed, members, 0.1f, 1)).ParamName);
        Assert.Equal("memberCount", Assert.Throws<ArgumentOutOfRangeException>(() => new FullRankPerturbation(parameters, Seed, members, 0.1f)).ParamName);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void ASigmaThatIsNotPositiveAndFiniteIsRefused(float sigma)
    {
        var parameters = new Model(Layer()).Parameters;

        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => new LowRankPerturbation(parameters, Seed, 4, sigma, 1)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => new FullRankPerturbation(parameters, Seed, 4, sigma)).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(LowRankPerturbation.MaxRank + 1)]
    public void ARankOutsideOneToTheMaximumIsRefused(int rank)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LowRankPerturbation(new Model(Layer()).Parameters, Seed, 4, 0.1f, rank));

        Assert.Equal("rank", error.ParamName);
        Assert.Equal(LowRankPerturbation.MaxRank, new LowRankPerturbation(new Model(Layer()).Parameters, Seed, 4, 0.1f, LowRankPerturbation.MaxRank).Rank);
    }

    [Fact]
    public void ANegativeNoiseTableAnUnknownDistributionAndRademacherNoiseFromATableAreRefused()
    {
        var parameters = new Model(Layer()).Parameters;

        Assert.Equal("noiseTableOffsets", Assert.Throws<ArgumentOutOfRangeException>(() => new LowRankPerturbation(parameters, Seed, 4, 0.1f, 1, noiseTableOffsets: -1)).ParamName);
        Assert.Equal("distribution", Assert.Throws<ArgumentOutOfRangeException>(() => new LowRankPerturbation(parameters, Seed, 4, 0.1f, 1, distribution: (NoiseDistribution)7)).ParamName);
        Assert.Equal("distribution", Assert.Throws<ArgumentOutOfRangeException>(() => new LowRankPerturbation(parameters, Seed, 4, 0.1f, 1, 64, NoiseDistribution.Rademacher)).ParamName);
    }

    [Fact]
    public void MissingArgumentsAreRefusedAsNull()
    {
        Assert.Throws<ArgumentNullException>(() => new LowRankPerturbation(null!, Seed, 4, 0.1f, 1));
        Assert.Throws<ArgumentNullException>(() => new FullRankPerturbation(null!, Seed, 4, 0.1f));
        Assert.Throws<ArgumentNullException>(() => new ForwardContext(null!, null));
        Assert.Throws<ArgumentNullException>(() => new PopulationEvaluation(1, Seed, Create("eggroll", Layer())).CreateContext(null!));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void NothingRunsBeforeANoiseEpochIsLoaded(string kind)
    {
        var linear = Layer();
        var strategy = Create(kind, linear);
        var rows = MemberRows.Uniform(4, 1);

        Assert.Throws<InvalidOperationException>(() => strategy.LinearForward(linear.Weight, linear.Bias, new Matrix(4, 3), new Matrix(4, 2), rows));
        Assert.Throws<InvalidOperationException>(() => strategy.Estimate(linear.Weight, new float[2], new float[6]));
        Assert.Throws<InvalidOperationException>(() => strategy.Estimate(linear.Bias!, new float[2], new float[2]));
        Assert.Throws<InvalidOperationException>(() => strategy.PerturbedVector(linear.Bias!, 0, new float[2]));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ShapesThatDoNotMatchTheLayerAreRefusedWithTheWeightNamed(string kind)
    {
        var linear = Layer();
        var strategy = Create(kind, linear);
        strategy.SetNoiseEpoch(0);
        var rows = MemberRows.Uniform(4, 1);
        var bias = Parameter.Vector("b", 3);

        foreach (var (x, y, b) in new[]
        {
            (new Matrix(4, 2), new Matrix(4, 2), linear.Bias),
            (new Matrix(4, 3), new Matrix(4, 3), linear.Bias),
            (new Matrix(3, 3), new Matrix(4, 2), linear.Bias),
            (new Matrix(4, 3), new Matrix(5, 2), linear.Bias),
            (new Matrix(4, 3), new Matrix(4, 2), bias),
        })
        {
            var error = Assert.Throws<ArgumentException>(() => strategy.LinearForward(linear.Weight, b, x, y, rows));
            Assert.Contains("weight 'weight' (2×3)", error.Message, StringComparison.Ordinal);
        }

        strategy.LinearForward(linear.Weight, linear.Bias, new Matrix(4, 3), new Matrix(4, 2), rows);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AnEstimateNeedsOneWeightPerPairAndAGradientOfTheParametersSize(string kind)
    {
        var linear = Layer();
        var strategy = Create(kind, linear);
        strategy.SetNoiseEpoch(0);

        Assert.Throws<ArgumentException>(() => strategy.Estimate(linear.Weight, new float[3], new float[6]));
        Assert.Throws<ArgumentException>(() => strategy.Estimate(linear.Weight, new float[2], new float[5]));
        Assert.Throws<ArgumentException>(() => strategy.Estimate(linear.Bias!, new float[1], new float[2]));
        strategy.Estimate(linear.Weight, new float[2], new float[6]);
    }

    [Fact]
    public void AnUnperturbedContextKeepsNoBiasFromOneLayerToTheNext()
    {
        var withBias = new Linear(3, 4, new Random(2));
        TestData.Fill(withBias.Bias!.Value, 3);
        var withoutBias = new Linear(3, 4, new Random(4), bias: false);
        var context = ForwardContext.Unperturbed(2);
        var x = TestData.Matrix(2, 3, 5);
        var first = new Matrix(2, 4);
        var second = new Matrix(2, 4);

        context.LinearForward(withBias.Weight, withBias.Bias, x, first);
        context.LinearForward(withoutBias.Weight, null, x, second);

        for (int i = 0; i < 2; i++)
        {
            for (int o = 0; o < 4; o++)
            {
                Assert.Equal(Plain(withBias, x, i, o), first[i, o], 5);
                Assert.Equal(Plain(withoutBias, x, i, o), second[i, o], 5);
            }
        }
    }

    [Fact]
    public void AnEmptyPairAlignedRangeOfMembersIsAValidEvaluation()
    {
        var evaluation = new PopulationEvaluation(1, Seed, Create("eggroll", Layer()));

        evaluation.Begin(2, firstMember: 2, memberCount: 0);

        Assert.Equal((2, 0), (evaluation.FirstMember, evaluation.MemberCount));
    }

    /// <summary>x_i·w[o] (+ b[o]) in double.</summary>
    private static double Plain(Linear layer, Matrix x, int i, int o)
    {
        double sum = layer.Bias?.Value[o] ?? 0;
        for (int j = 0; j < layer.InputSize; j++)
        {
            sum += x[i, j] * layer.Weight.Value[(o * layer.InputSize) + j];
        }

        return sum;
    }

    /// <summary>A 3 → 2 layer with a bias: its weight is called "weight", its bias "bias".</summary>
    private static Linear Layer() => new(3, 2, new Random(1));

    private static IEvolutionStrategy Create(string kind, Linear linear) => kind == "eggroll"
        ? new LowRankPerturbation(new Model(linear).Parameters, Seed, 4, 0.1f, 1)
        : new FullRankPerturbation(new Model(linear).Parameters, Seed, 4, 0.1f);
}
