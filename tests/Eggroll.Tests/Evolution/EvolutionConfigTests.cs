using Eggroll.Noise;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>
/// <see cref="EvolutionConfig.Validate"/> names each bad field with the value it got and accepts every boundary value;
/// the factory refuses an EGGROLL rank wider than every perturbed matrix; the noise epoch follows the reuse setting.
/// </summary>
public sealed class EvolutionConfigTests
{
    private static readonly EvolutionConfig Valid = new();

    public static TheoryData<string, EvolutionConfig, string> InvalidFields => new()
    {
        { "rank", Valid with { Rank = 0 }, "got 0." },
        { "rank", Valid with { Rank = 257 }, "got 257." },
        { "population", Valid with { Population = 0 }, "got 0." },
        { "population", Valid with { Population = 7 }, "got 7." },
        { "population", Valid with { Population = EvolutionConfig.MaxPopulation + 2 }, $"got {EvolutionConfig.MaxPopulation + 2}." },
        { "sigma", Valid with { Sigma = 0f }, "got 0." },
        { "sigma", Valid with { Sigma = -0.1f }, $"got {-0.1f}." },
        { "sigma", Valid with { Sigma = float.NaN }, $"got {float.NaN}." },
        { "sigma", Valid with { Sigma = float.PositiveInfinity }, $"got {float.PositiveInfinity}." },
        { "noiseReuse", Valid with { NoiseReuse = -1 }, "got -1." },
        { "noiseTable", Valid with { NoiseTable = -1 }, "got -1." },
        { "noiseTable", Valid with { NoiseTable = GaussianNoiseTable.MaxOffsets + 1 }, $"got {GaussianNoiseTable.MaxOffsets + 1}." },
        { "noiseTable", Valid with { Strategy = StrategyKind.OpenEs, NoiseTable = 64 }, "(set 0 for openEs), got 64." },
        { "noise", Valid with { Noise = (NoiseDistribution)5 }, "unknown distribution 5; use gaussian, rademacher or gaussian16." },
        { "noise", Valid with { Noise = NoiseDistribution.Rademacher, Strategy = StrategyKind.OpenEs }, "got strategy openEs and noiseTable 0." },
        { "noise", Valid with { Noise = NoiseDistribution.Rademacher, NoiseTable = 64 }, "got strategy eggroll and noiseTable 64." },
        { "noise", Valid with { Noise = NoiseDistribution.Gaussian16, Strategy = StrategyKind.OpenEs }, "gaussian16 noise needs the eggroll strategy and no noise table, got strategy openEs and noiseTable 0." },
        { "shaping", Valid with { Shaping = (ShapingKind)9 }, "unknown shaping 9." },
        { "groupSize", Valid with { GroupSize = -4 }, "got -4." },
        { "groupSize", Valid with { GroupSize = 3 }, "a divisor of the population (256), got 3." },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void EveryInvalidFieldIsNamedWithItsValue(string field, EvolutionConfig config, string detailEnd)
    {
        var error = Assert.Throws<ConfigException>(() => config.Validate("run.evolution"));

        Assert.Equal($"run.evolution.{field}", error.Field);
        Assert.EndsWith(detailEnd, error.Detail);
    }

    [Fact]
    public void TheBoundaryValuesAreValid()
    {
        EvolutionConfig[] configs =
        [
            Valid with { Rank = 1 },
            Valid with { Rank = 256 },
            Valid with { Population = 2, GroupSize = 2 },
            Valid with { Population = EvolutionConfig.MaxPopulation },
            Valid with { Sigma = float.Epsilon },
            Valid with { NoiseReuse = 0 },
            Valid with { GroupSize = 0 },
            Valid with { NoiseTable = 1 },
            Valid with { Noise = NoiseDistribution.Rademacher },
            Valid with { NoiseTable = GaussianNoiseTable.MaxOffsets },
            Valid with { GroupSize = 256 },
            Valid with { Strategy = StrategyKind.OpenEs, Shaping = ShapingKind.Raw },
        ];

        foreach (var config in configs)
        {
            config.Validate();
        }
    }

    [Theory]
    [InlineData(1, 7L, 7u)]
    [InlineData(3, 7L, 2u)]
    [InlineData(3, 9L, 3u)]
    [InlineData(0, 123L, 0u)]
    public void TheNoiseEpochIsTheEpochDividedByTheReuseAndZeroForeverWithoutReuse(int noiseReuse, long epoch, uint noiseEpoch) =>
        Assert.Equal(noiseEpoch, (Valid with { NoiseReuse = noiseReuse }).NoiseEpochOf(epoch));

    [Fact]
    public void EggrollsRankMayReachButNotExceedTheSmallerSideOfTheWidestPerturbedMatrix()
    {
        // The widest perturbed matrix is the 5×3 one, min(rows, cols) = 3; the vector and the frozen 8×8 matrix do not count.
        var frozen = new Parameter("frozen", ParameterKind.Matrix, 8, 8) { Frozen = true };
        var parameters = new ParameterSet(
        [
            new("table", new Parameter("table", ParameterKind.Embedding, 2, 6)),
            new("weight", new Parameter("weight", ParameterKind.Matrix, 5, 3)),
            new("bias", Parameter.Vector("bias", 40)),
            new("frozen", frozen),
        ]);

        Assert.IsType<LowRankPerturbation>(StrategyFactory.Create(Valid with { Rank = 3 }, parameters, 1));
        Assert.IsType<FullRankPerturbation>(StrategyFactory.Create(Valid with { Strategy = StrategyKind.OpenEs, Rank = 4 }, parameters, 1));

        var error = Assert.Throws<ConfigException>(() => StrategyFactory.Create(Valid with { Rank = 4 }, parameters, 1));
        Assert.Equal("evolution.rank", error.Field);
        Assert.EndsWith("largest perturbed matrix, 3 (weight: 5×3), got 4.", error.Detail);
    }

    [Fact]
    public void TheFactoryValidatesTheConfigAndRefusesMissingArguments()
    {
        var parameters = new ParameterSet([new("weight", new Parameter("weight", ParameterKind.Matrix, 5, 3))]);

        Assert.Equal("evolution.sigma", Assert.Throws<ConfigException>(() => StrategyFactory.Create(Valid with { Sigma = 0f }, parameters, 1)).Field);
        Assert.Throws<ArgumentNullException>(() => StrategyFactory.Create(null!, parameters, 1));
        Assert.Throws<ArgumentNullException>(() => StrategyFactory.Create(Valid, null!, 1));
    }
}
