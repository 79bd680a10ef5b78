using System.Diagnostics;
using Eggroll.Models;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tasks.Experiments;

/// <summary>
/// Measures how fast the expected EGGROLL update approaches the expected full-rank Gaussian
/// ES update as the rank grows (the paper proves O(1/r)). Each estimate is the library's own:
/// one batched forward of the whole population through <see cref="ReadoutObjective"/>, raw
/// scores, <see cref="IEvolutionStrategy.PairWeights"/> and <see cref="IEvolutionStrategy.Estimate"/>.
/// Expectations are Monte Carlo means over independent noise seeds.
/// </summary>
public static class RankExperiment
{
    /// <summary>A rank enters the slope fit when d(r) is at least this many noise floors.</summary>
    public const double FitThreshold = 3;

    /// <summary>Runs the experiment; <paramref name="progress"/> receives one line per finished configuration.</summary>
    public static RankExperimentResult Run(RankExperimentOptions options, Action<string>? progress = null)
    {
        var layer = new Linear(options.Size, options.Size, new Random((int)options.Seed), bias: false);
        var objective = new ReadoutObjective(layer, options.Readout, options.InputRows, options.Seed);
        var parameters = objective.Model.Parameters;
        var exactReference = options.Readout == ReadoutKind.Sine ? SineReadoutTheory.ExpectedUpdate(objective, options.Sigma, rank: null) : null;

        var clock = Stopwatch.StartNew();
        var reference = Measure(objective, options.ReferenceSeeds, 0, options,
            seed => new FullRankPerturbation(parameters, seed, options.Members, options.Sigma));
        double referenceSeconds = clock.Elapsed.TotalSeconds;
        var referenceMean = reference.Mean();
        double referenceNorm = Norm(referenceMean, null);
        double referenceError = reference.SummedSquaredStandardError();
        progress?.Invoke($"full rank: {options.ReferenceSeeds} seeds in {referenceSeconds:F1} s");

        var points = new List<RankPoint>();
        var ranks = options.Ranks();
        for (int i = 0; i < ranks.Count; i++)
        {
            int rank = ranks[i];
            clock.Restart();
            var moments = Measure(objective, options.Seeds, i + 1, options,
                seed => new LowRankPerturbation(parameters, seed, options.Members, options.Sigma, rank));
            var mean = moments.Mean();
            double distance = Norm(mean, referenceMean) / referenceNorm;
            double floor = Math.Sqrt(moments.SummedSquaredStandardError() + referenceError) / referenceNorm;
            double? exact = exactReference is null
                ? null
                : Norm(SineReadoutTheory.ExpectedUpdate(objective, options.Sigma, rank), exactReference) / Norm(exactReference, null);
            points.Add(new RankPoint(rank, distance, floor, exact, distance >= FitThreshold * floor, clock.Elapsed.TotalSeconds));
            progress?.Invoke($"rank {rank}: {options.Seeds} seeds in {clock.Elapsed.TotalSeconds:F1} s");
        }

        var fitted = points.Where(p => p.Fitted).ToList();
        if (fitted.Count < 2)
        {
            return new RankExperimentResult(options, referenceNorm, referenceSeconds, FitThreshold, points, null, null, null);
        }

        var ranksFitted = fitted.Select(p => (double)p.Rank).ToList();
        var (slope, intercept) = LogLogFit.Fit(ranksFitted, fitted.Select(p => p.Distance).ToList());
        double? exactSlope = exactReference is null ? null : LogLogFit.Fit(ranksFitted, fitted.Select(p => p.Exact!.Value).ToList()).Slope;
        return new RankExperimentResult(options, referenceNorm, referenceSeconds, FitThreshold, points, slope, intercept, exactSlope);
    }

    /// <summary>
    /// Averages <paramref name="seeds"/> independent estimates of the weight's update. Configuration
    /// <paramref name="configuration"/> (0 = full rank, then one per rank) owns its own noise seeds,
    /// so no two configurations share noise.
    /// </summary>
    private static GradientMoments Measure(
        ReadoutObjective objective, int seeds, int configuration, RankExperimentOptions options,
        Func<ulong, IEvolutionStrategy> create)
    {
        var weight = objective.Weight;
        var moments = new GradientMoments(weight.Count);
        var scores = new float[options.Members];
        var pairWeights = new float[options.Members / 2];
        var gradient = new float[weight.Count];
        for (int s = 0; s < seeds; s++)
        {
            ulong seed = (options.Seed << 40) | ((ulong)configuration << 32) | (uint)s;
            var perturbation = create(seed);
            perturbation.SetNoiseEpoch(0);
            objective.Evaluate(new PopulationEvaluation(0, seed, perturbation), scores);
            perturbation.PairWeights(scores, pairWeights);
            perturbation.Estimate(weight, pairWeights, gradient);
            moments.Add(gradient);
        }

        return moments;
    }

    /// <summary>‖a − b‖, or ‖a‖ when <paramref name="b"/> is null.</summary>
    private static double Norm(double[] a, double[]? b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double difference = a[i] - (b?[i] ?? 0);
            sum += difference * difference;
        }

        return Math.Sqrt(sum);
    }
}
