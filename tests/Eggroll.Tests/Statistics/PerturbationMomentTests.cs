using Eggroll.Tasks.Experiments;

namespace Eggroll.Tests.Statistics;

/// <summary>
/// The moments of the perturbations the strategies really apply, read back through the forward
/// pass. For E = A·Bᵀ/√r with standard normal A (m×r) and B (n×r):
/// E[E_ij E_kl] = δ_ik·δ_jl, so Cov(vec E) = I as for full Gaussian noise, but the entries are
/// not independent: E[E_ij⁴] = 3 + 6/r, E[E_ij² E_il²] = E[E_ij² E_kj²] = 1 + 2/r,
/// E[E_ij E_il E_kj E_kl] = 1/r and E[E_ij² E_kl²] = 1 (i ≠ k, j ≠ l). Full-rank noise is the
/// r → ∞ limit (3, 1, 0, 1). Every vector gets full Gaussian noise whatever the strategy.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class PerturbationMomentTests
{
    private const int Members = 256;
    private const int NoiseEpochs = 60;
    private const int Outputs = 4;
    private const int Inputs = 5;

    public static TheoryData<int> Ranks => [0, 1, 4];

    [Theory]
    [MemberData(nameof(Ranks))]
    public void CovarianceOfEveryPerturbedParameterIsTheIdentity(int rank)
    {
        var probe = new ProbedLinear(Outputs, Inputs, seed: 11);
        int d = probe.Dimension;
        var moments = new GradientMoments(d * d);
        var products = new float[d * d];
        foreach (var e in Perturbations(probe, rank))
        {
            for (int a = 0; a < d; a++)
            {
                for (int b = 0; b < d; b++)
                {
                    products[a * d + b] = (float)(e[a] * e[b]);
                }
            }

            moments.Add(products);
        }

        var identity = Enumerable.Range(0, d * d).Select(i => i / d == i % d ? 1.0 : 0.0).ToArray();
        CltBound.AssertMeanEquals(identity, moments, $"{Estimators.Describe(rank)}, E[θ_a θ_b]/σ²");
    }

    [Theory]
    [MemberData(nameof(Ranks))]
    public void FourthMomentsOfTheWeightPerturbationMatchTheClosedForm(int rank)
    {
        var probe = new ProbedLinear(Outputs, Inputs, seed: 12);
        var moments = new GradientMoments(5);
        foreach (var e in Perturbations(probe, rank))
        {
            moments.Add(FourthMoments(e));
        }

        double inverse = rank == 0 ? 0 : 1.0 / rank;
        double[] expected = [3 + 6 * inverse, 1 + 2 * inverse, 1 + 2 * inverse, inverse, 1];
        CltBound.AssertMeanEquals(expected, moments, $"{Estimators.Describe(rank)}, [E⁴_ij, E²_ij·E²_il, E²_ij·E²_kj, E_ij·E_il·E_kj·E_kl, E²_ij·E²_kl]");
    }

    /// <summary>(θ_t − θ)/σ of the first member of every pair, over <see cref="NoiseEpochs"/> noise epochs: independent draws of the noise.</summary>
    private static IEnumerable<double[]> Perturbations(ProbedLinear probe, int rank)
    {
        var theta = probe.Parameters();
        var strategy = Estimators.Create(probe.Model.Parameters, rank, seed: 99, Members);
        for (uint epoch = 0; epoch < NoiseEpochs; epoch++)
        {
            strategy.SetNoiseEpoch(epoch);
            var members = probe.MemberParameters(strategy);
            for (int t = 0; t < Members; t += 2)
            {
                yield return members[t].Select((v, i) => (v - theta[i]) / Estimators.Sigma).ToArray();
            }
        }
    }

    /// <summary>The five fourth-moment kinds of the weight block of <paramref name="e"/>, each averaged over every index set of its kind.</summary>
    private static float[] FourthMoments(double[] e)
    {
        double E(int i, int j) => e[i * Inputs + j];
        var sums = new double[5];
        var counts = new int[5];
        void Add(int kind, double value)
        {
            sums[kind] += value;
            counts[kind]++;
        }

        for (int i = 0; i < Outputs; i++)
        {
            for (int j = 0; j < Inputs; j++)
            {
                Add(0, Math.Pow(E(i, j), 4));
                for (int k = 0; k < Outputs; k++)
                {
                    for (int l = 0; l < Inputs; l++)
                    {
                        if (k == i && l != j)
                        {
                            Add(1, E(i, j) * E(i, j) * E(i, l) * E(i, l));
                        }
                        else if (k != i && l == j)
                        {
                            Add(2, E(i, j) * E(i, j) * E(k, j) * E(k, j));
                        }
                        else if (k != i && l != j)
                        {
                            Add(3, E(i, j) * E(i, l) * E(k, j) * E(k, l));
                            Add(4, E(i, j) * E(i, j) * E(k, l) * E(k, l));
                        }
                    }
                }
            }
        }

        return [.. sums.Select((s, kind) => (float)(s / counts[kind]))];
    }
}
