using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Statistics;

/// <summary>
/// A Linear layer (m outputs × n inputs, with bias) whose every member's perturbed parameters
/// θ_t = (W_t, b_t) are read back through the strategy's own forward pass: each member sees a
/// zero row, whose output is b_t, and the n unit rows e_k, whose outputs are W_t[:, k] + b_t.
/// θ is laid out as W row-major followed by b, the order of <see cref="Estimate"/>.
/// </summary>
internal sealed class ProbedLinear
{
    private readonly Linear layer;
    private Matrix? probes;

    public ProbedLinear(int outputs, int inputs, int seed)
    {
        layer = new Linear(inputs, outputs, new Random(seed));
        TestData.Fill(layer.Bias!.Value, seed + 1);
        Model = new Model(layer);
    }

    public Model Model { get; }

    public Parameter Weight => layer.Weight;

    public Parameter Bias => layer.Bias!;

    /// <summary>Number of parameters D = m·n + m.</summary>
    public int Dimension => Weight.Count + Bias.Count;

    /// <summary>The unperturbed θ.</summary>
    public double[] Parameters() => [.. Weight.Value.Select(v => (double)v), .. Bias.Value.Select(v => (double)v)];

    /// <summary>Every member's perturbed θ_t under the strategy's loaded noise, one row per member.</summary>
    public double[][] MemberParameters(IEvolutionStrategy strategy)
    {
        int members = strategy.MemberCount, m = Weight.Rows, n = Weight.Cols, rowsPerMember = n + 1;
        var rows = MemberRows.Uniform(members, rowsPerMember);
        probes ??= Probes(members, n);
        var y = layer.Forward(probes, new ForwardContext(rows, strategy));
        var result = new double[members][];
        for (int t = 0; t < members; t++)
        {
            int zeroRow = t * rowsPerMember;
            var theta = result[t] = new double[Dimension];
            for (int j = 0; j < m; j++)
            {
                theta[Weight.Count + j] = y[zeroRow, j];
                for (int k = 0; k < n; k++)
                {
                    theta[j * n + k] = (double)y[zeroRow + 1 + k, j] - y[zeroRow, j];
                }
            }
        }

        return result;
    }

    /// <summary>The update estimate of θ (weight then bias) from the loaded noise and <paramref name="pairWeights"/>.</summary>
    public float[] Estimate(IEvolutionStrategy strategy, ReadOnlySpan<float> pairWeights)
    {
        var gradient = new float[Dimension];
        strategy.Estimate(Weight, pairWeights, gradient.AsSpan(0, Weight.Count));
        strategy.Estimate(Bias, pairWeights, gradient.AsSpan(Weight.Count));
        return gradient;
    }

    private static Matrix Probes(int members, int n)
    {
        var x = new Matrix(members * (n + 1), n);
        for (int t = 0; t < members; t++)
        {
            for (int k = 0; k < n; k++)
            {
                x[t * (n + 1) + 1 + k, k] = 1f;
            }
        }

        return x;
    }
}
