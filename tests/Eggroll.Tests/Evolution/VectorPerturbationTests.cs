using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>
/// The per-member copy of a vector parameter (biases, norms) against its definition v + σ·s_t·ε_p, with ε_p materialised
/// straight from the noise key of the member's pair.
/// </summary>
public sealed class VectorPerturbationTests
{
    private const float Sigma = 0.3f;
    private const ulong Seed = 5;
    private const uint NoiseEpoch = 2;

    [Theory]
    [InlineData(StrategyKind.Eggroll)]
    [InlineData(StrategyKind.OpenEs)]
    public void AMembersVectorIsTheValuePlusSigmaTimesItsSignedPairNoiseAndAFrozenVectorStaysAsItIs(StrategyKind kind)
    {
        var vector = Parameter.Vector("v", 7);
        var frozen = new Parameter("f", ParameterKind.Vector, 1, 7) { Frozen = true };
        TestData.Fill(vector.Value, 1);
        TestData.Fill(frozen.Value, 2);
        var parameters = new ParameterSet([new("w", new Parameter("w", ParameterKind.Matrix, 3, 4)), new("v", vector), new("f", frozen)]);
        IEvolutionStrategy strategy = kind == StrategyKind.Eggroll
            ? new LowRankPerturbation(parameters, Seed, 8, Sigma, 2)
            : new FullRankPerturbation(parameters, Seed, 8, Sigma);
        strategy.SetNoiseEpoch(NoiseEpoch);
        var context = new ForwardContext(MemberRows.Uniform(4, 1, firstMember: 4), strategy);
        var destination = new float[7];

        for (int t = 0; t < 4; t++)
        {
            var noise = ExplicitNoise.Full(Seed, NoiseEpoch, vector, 4 + t);
            context.VectorForMember(vector, t, destination);
            for (int j = 0; j < 7; j++)
            {
                Assert.Equal(vector.Value[j] + (Sigma * noise[0, j]), destination[j], 1e-5);
            }

            context.VectorForMember(frozen, t, destination);
            Assert.Equal(frozen.Value, destination);
        }

        ForwardContext.Unperturbed(1).VectorForMember(vector, 0, destination);
        Assert.Equal(vector.Value, destination);
    }
}
