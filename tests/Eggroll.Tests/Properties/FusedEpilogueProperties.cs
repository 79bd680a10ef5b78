using CsCheck;
using Eggroll.Models;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tests.Evolution;

namespace Eggroll.Tests.Properties;

/// <summary>
/// The perturbed Linear forward, whose bias, bias noise and low-rank correction are added by the
/// GEMM's fused epilogue, against the definition y_i = x_i·(W + σE_t)ᵀ + b + σ·s_t·ε_p computed in
/// double precision from materialised perturbations, over random layer widths, ranks and member layouts.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class FusedEpilogueProperties
{
    private const float Sigma = 0.25f;
    private const ulong Seed = 3;

    private static readonly Gen<(int Inputs, int Outputs, int Rank, int[] RowCounts, uint NoiseEpoch)> Layers =
        Gen.Select(Cases.Size(1, 40), Cases.Size(1, 40), Gen.Int[0, 5], Gen.Int[0, 3].Array[Gen.Int[1, 4].Select(p => 2 * p)], Gen.UInt[0, 9]);

    [Fact]
    public void PerturbedLinearForwardMatchesTheDefinitionForRandomShapes()
    {
        int seed = 0;
        foreach (var c in Cases.Draw(Layers, count: 80, seed: 23))
        {
            seed++;
            var linear = new Linear(c.Inputs, c.Outputs, new Random(seed));
            TestData.Fill(linear.Bias!.Value, seed);
            var model = new Model(linear);
            IEvolutionStrategy strategy = c.Rank == 0
                ? new FullRankPerturbation(model.Parameters, Seed, c.RowCounts.Length, Sigma)
                : new LowRankPerturbation(model.Parameters, Seed, c.RowCounts.Length, Sigma, c.Rank);
            strategy.SetNoiseEpoch(c.NoiseEpoch);
            var rows = new MemberRows(c.RowCounts);
            var x = TestData.Matrix(rows.RowCount, c.Inputs, seed);

            var y = linear.Forward(x, new ForwardContext(rows, strategy));

            string what = $"{c.Outputs}×{c.Inputs}, rank {c.Rank}, rows [{string.Join(", ", c.RowCounts)}]";
            for (int t = 0; t < rows.MemberCount; t++)
            {
                var e = c.Rank == 0
                    ? ExplicitNoise.Full(Seed, c.NoiseEpoch, linear.Weight, t)
                    : ExplicitNoise.LowRank(Seed, c.NoiseEpoch, linear.Weight, t, c.Rank);
                var biasNoise = ExplicitNoise.Full(Seed, c.NoiseEpoch, linear.Bias, t);
                for (int i = rows.Start(t); i < rows.End(t); i++)
                {
                    for (int o = 0; o < c.Outputs; o++)
                    {
                        double expected = linear.Bias.Value[o] + Sigma * biasNoise[0, o];
                        for (int j = 0; j < c.Inputs; j++)
                        {
                            expected += x[i, j] * (linear.Weight.Value[o * c.Inputs + j] + Sigma * e[o, j]);
                        }

                        Assert.True(Math.Abs(expected - y[i, o]) <= 1e-4 * (1 + Math.Abs(expected)), $"{what}: y[{i}, {o}] = {y[i, o]}, expected {expected}");
                    }
                }
            }
        }
    }
}
