using BenchmarkDotNet.Attributes;
using Eggroll.Models;
using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Benchmarks;

/// <summary>
/// The EGGROLL kernels of one 1024→1024 Linear layer over N = 1024 members × T = 16 rows:
/// the plain product with its bias, the same product with every member's bias noise and
/// low-rank correction fused into the output blocks, and the update estimate Ãᵀ·B̃.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 9)]
public class LowRankBenchmarks
{
    private const int Members = 1024;
    private const int RowsPerMember = 16;
    private const int Width = 1024;

    private Linear layer = null!;
    private Matrix input = null!;
    private Matrix output = null!;
    private MemberRows rows = null!;
    private LowRankPerturbation perturbation = null!;
    private ForwardContext plain = null!;
    private float[] pairWeights = [];
    private float[] gradient = [];

    /// <summary>Rank r of the perturbations.</summary>
    [Params(1, 4, 16)]
    public int Rank { get; set; }

    /// <summary>
    /// Distribution of the noise: with Rademacher factors from rank 2 on (on AVX-512) the update adds the ±1 products by
    /// table lookup instead of the float product that Gaussian factors take.
    /// </summary>
    [Params(NoiseDistribution.Gaussian, NoiseDistribution.Rademacher)]
    public NoiseDistribution Noise { get; set; }

    /// <summary>Builds the layer, a deterministic batch and the epoch's noise.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        layer = new Linear(Width, Width, random);
        var model = new Model(layer);
        rows = MemberRows.Uniform(Members, RowsPerMember);
        input = new Matrix(rows.RowCount, Width);
        for (int i = 0; i < input.Values.Length; i++)
        {
            input.Values[i] = (float)(random.NextDouble() - 0.5);
        }

        output = new Matrix(rows.RowCount, Width);
        perturbation = new LowRankPerturbation(model.Parameters, 1, Members, 0.01f, Rank, distribution: Noise);
        perturbation.SetNoiseEpoch(0);
        plain = ForwardContext.Unperturbed(rows.RowCount);
        pairWeights = Enumerable.Range(0, Members / 2).Select(p => (float)Math.Sin(p)).ToArray();
        gradient = new float[layer.Weight.Count];
    }

    /// <summary>y = x·Wᵀ + b for all rows (inference).</summary>
    [Benchmark(Baseline = true)]
    public void PlainLinear() => plain.LinearForward(layer.Weight, layer.Bias, input, output);

    /// <summary>y = x·Wᵀ + b plus each member's bias noise and rank-r correction, fused.</summary>
    [Benchmark]
    public void PerturbedLinear() => perturbation.LinearForward(layer.Weight, layer.Bias, input, output, rows);

    /// <summary>The weight's update estimate: one product of size 1024 × (N/2·r) × 1024.</summary>
    [Benchmark]
    public void UpdateEstimate() => perturbation.Estimate(layer.Weight, pairWeights, gradient);

    /// <summary>Regenerating the epoch's noise for the layer (factors and bias noise of all pairs).</summary>
    [Benchmark]
    public void RegenerateNoise() => perturbation.SetNoiseEpoch(perturbation.NoiseEpoch!.Value + 1);
}
