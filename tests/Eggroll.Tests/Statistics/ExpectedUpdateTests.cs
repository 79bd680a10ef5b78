using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Experiments;

namespace Eggroll.Tests.Statistics;

/// <summary>
/// The ES analogue of a gradient check. For a linear fitness cᵀθ and a quadratic fitness
/// θᵀQθ/2 + bᵀθ the Gaussian-smoothed objective E[f(θ + σε)] has the same gradient as f itself
/// (c, and Qθ + b), and because Cov(vec E) = I for every strategy here, the expected update of
/// OpenES and of EGGROLL equals that gradient exactly, at any rank. Each estimate goes through
/// the library's own path: the perturbed forward pass, raw scores, PairWeights and Estimate.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class ExpectedUpdateTests
{
    private const int NoiseEpochs = 600;
    private const ulong Seed = 20240917;

    public static TheoryData<int> Ranks => [0, 1, 4];

    [Theory]
    [MemberData(nameof(Ranks))]
    public void ExpectedUpdateOfALinearFitnessIsItsCoefficients(int rank)
    {
        var probe = new ProbedLinear(outputs: 4, inputs: 5, seed: 3);
        var c = Uniform(probe.Dimension, seed: 4);

        var moments = MeanUpdate(probe, rank, theta => Dot(c, theta));

        CltBound.AssertMeanEquals(c, moments, $"{Estimators.Describe(rank)}, linear fitness");
    }

    [Theory]
    [MemberData(nameof(Ranks))]
    public void ExpectedUpdateOfAQuadraticFitnessIsItsGradient(int rank)
    {
        var probe = new ProbedLinear(outputs: 4, inputs: 5, seed: 5);
        int d = probe.Dimension;
        var q = SymmetricPositiveDefinite(d, seed: 6);
        var b = Uniform(d, seed: 7);
        var theta0 = probe.Parameters();
        var gradient = Enumerable.Range(0, d).Select(i => Dot(q[i], theta0) + b[i]).ToArray();

        var moments = MeanUpdate(probe, rank, theta => Quadratic(q, b, theta));

        CltBound.AssertMeanEquals(gradient, moments, $"{Estimators.Describe(rank)}, quadratic fitness");
    }

    /// <summary>One update estimate per noise epoch, from the raw scores of the probe's members under <paramref name="fitness"/>.</summary>
    private static GradientMoments MeanUpdate(ProbedLinear probe, int rank, Func<double[], double> fitness)
    {
        var strategy = Estimators.Create(probe.Model.Parameters, rank, Seed);
        var moments = new GradientMoments(probe.Dimension);
        var scores = new float[strategy.MemberCount];
        var pairWeights = new float[strategy.MemberCount / 2];
        for (uint epoch = 0; epoch < NoiseEpochs; epoch++)
        {
            strategy.SetNoiseEpoch(epoch);
            var members = probe.MemberParameters(strategy);
            for (int t = 0; t < members.Length; t++)
            {
                scores[t] = (float)fitness(members[t]);
            }

            strategy.PairWeights(scores, pairWeights);
            moments.Add(probe.Estimate(strategy, pairWeights));
        }

        return moments;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>θᵀQθ/2 + bᵀθ.</summary>
    private static double Quadratic(double[][] q, double[] b, double[] theta)
    {
        double sum = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            sum += theta[i] * (Dot(q[i], theta) / 2 + b[i]);
        }

        return sum;
    }

    private static double[] Uniform(int count, int seed) => [.. TestData.Uniform(count, seed, scale: 2f).Select(v => (double)v)];

    /// <summary>Q = MᵀM/d + I for a d×d matrix M of uniform entries.</summary>
    private static double[][] SymmetricPositiveDefinite(int d, int seed)
    {
        var m = Enumerable.Range(0, d).Select(i => Uniform(d, seed * 1000 + i)).ToArray();
        return Enumerable.Range(0, d)
            .Select(i => Enumerable.Range(0, d).Select(j => Enumerable.Range(0, d).Sum(k => m[k][i] * m[k][j]) / d + (i == j ? 1 : 0)).ToArray())
            .ToArray();
    }
}
