using Eggroll.Models;
using Eggroll.Population;
using Eggroll.Tasks.Experiments;

namespace Eggroll.Tests.Statistics;

/// <summary>
/// On a non-quadratic fitness, the sine read-out of the rank experiment, EGGROLL's expected update
/// differs from full-rank ES by a bias that <see cref="SineReadoutTheory"/> gives in closed form
/// and that shrinks like 1/r. The Monte Carlo means of the library's estimates at r = 1, 2, 4 and
/// of OpenES match that closed form, and the measured bias shrinks as the rank grows.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class RankBiasTests
{
    private const int Size = 4;
    private const int InputRows = 4;
    private const int Members = 256;
    private const int NoiseEpochs = 600;
    private const float Sigma = 0.6f;

    private static readonly int[] LowRanks = [1, 2, 4];

    [Fact]
    public void MeanUpdatesMatchTheClosedFormAndTheirBiasShrinksWithTheRank()
    {
        var objective = new ReadoutObjective(new Linear(Size, Size, new Random(1), bias: false), ReadoutKind.Sine, InputRows, dataSeed: 1);
        var full = SineReadoutTheory.ExpectedUpdate(objective, Sigma, rank: null);
        var fullMoments = MeanUpdate(objective, rank: 0);
        CltBound.AssertMeanEquals(full, fullMoments, "OpenES, sine read-out");

        var gaps = new List<(double Measured, double Exact, double Floor)>();
        foreach (int rank in LowRanks)
        {
            var exact = SineReadoutTheory.ExpectedUpdate(objective, Sigma, rank);
            var moments = MeanUpdate(objective, rank);
            CltBound.AssertMeanEquals(exact, moments, $"{Estimators.Describe(rank)}, sine read-out");
            double floor = Math.Sqrt(moments.SummedSquaredStandardError() + fullMoments.SummedSquaredStandardError());
            gaps.Add((Distance(moments.Mean(), fullMoments.Mean()), Distance(exact, full), floor));
        }

        string table = string.Join("; ", gaps.Select((g, i) => $"r = {LowRanks[i]}: measured {g.Measured:G3}, exact {g.Exact:G3}, floor {g.Floor:G3}"));
        for (int i = 0; i < gaps.Count; i++)
        {
            Assert.True(gaps[i].Measured > CltBound.StandardErrors * gaps[i].Floor, $"the bias is not above the noise: {table}");
            Assert.True(Math.Abs(gaps[i].Measured - gaps[i].Exact) < CltBound.StandardErrors * gaps[i].Floor, $"the bias differs from the closed form: {table}");
        }

        for (int i = 1; i < gaps.Count; i++)
        {
            Assert.True(gaps[i].Exact < gaps[i - 1].Exact * 0.7, $"the closed-form bias does not shrink towards 1/r: {table}");
        }
    }

    private static GradientMoments MeanUpdate(ReadoutObjective objective, int rank)
    {
        var weight = objective.Weight;
        var strategy = Estimators.Create(objective.Model.Parameters, rank, seed: 5 + (ulong)rank, Members, Sigma);
        var moments = new GradientMoments(weight.Count);
        var scores = new float[Members];
        var pairWeights = new float[Members / 2];
        var gradient = new float[weight.Count];
        for (uint epoch = 0; epoch < NoiseEpochs; epoch++)
        {
            strategy.SetNoiseEpoch(epoch);
            objective.Evaluate(new PopulationEvaluation(epoch, 0, strategy), scores);
            strategy.PairWeights(scores, pairWeights);
            strategy.Estimate(weight, pairWeights, gradient);
            moments.Add(gradient);
        }

        return moments;
    }

    private static double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());
}
