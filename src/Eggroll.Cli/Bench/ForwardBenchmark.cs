using System.Numerics.Tensors;
using Eggroll.Models;
using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Cli.Bench;

/// <summary>
/// The paper's Figure 2a forward protocol for one Linear layer (width → width, with bias): plain batched
/// inference of N·T rows against the EGGROLL perturbed forward of the same rows (noise of <paramref name="distribution"/>), once with the noise
/// epoch's factors generated beforehand, once with a new noise epoch (so new factors) before every
/// pass, and (when <paramref name="noiseTableOffsets"/> &gt; 0) once with a new noise epoch before every pass whose noise
/// is read from a shared noise table of that many slice starts; optionally also a whole ES cycle per K in <paramref name="updateEvery"/>: a new noise epoch, K perturbed
/// forwards and the layer's ES update (the estimate of every parameter and the step). All runs take turns in every round.
/// </summary>
internal sealed class ForwardBenchmark(int population, int rowsPerMember, int warmup, int repeats, IReadOnlyList<int> updateEvery, int noiseTableOffsets, NoiseDistribution distribution)
{
    private const float Sigma = 0.01f;
    private const float LearningRate = 1e-6f;
    private const ulong Seed = 1;

    public ForwardResult Measure(int width, int rank)
    {
        var layer = new Linear(width, width, new Random(1));
        var parameters = new ParameterSet(layer.NamedParameters());
        var rows = MemberRows.Uniform(population, rowsPerMember);
        var x = new Matrix(rows.RowCount, width);
        for (int i = 0; i < x.Data.Length; i++)
        {
            x.Data[i] = MathF.Sin(i * 0.37f);
        }

        var y = new Matrix(rows.RowCount, width);
        var plain = ForwardContext.Unperturbed(rows.RowCount);
        var pregenerated = new LowRankPerturbation(parameters, Seed, population, Sigma, rank, distribution: distribution);
        pregenerated.SetNoiseEpoch(0);
        var onTheFly = new LowRankPerturbation(parameters, Seed, population, Sigma, rank, distribution: distribution);
        var fromTable = noiseTableOffsets > 0 ? new LowRankPerturbation(parameters, Seed, population, Sigma, rank, noiseTableOffsets) : null;
        uint noiseEpoch = 0, tableEpoch = 0;
        var cycle = new EsCycle(parameters, rank, population, distribution);
        Action[] cycles = updateEvery.Select(k => (Action)(() => cycle.Run(k, () => cycle.Strategy.LinearForward(layer.Weight, layer.Bias, x, y, rows)))).ToArray();
        double[][] runs = Timing.Runs(
        [
            () => plain.LinearForward(layer.Weight, layer.Bias, x, y),
            () => pregenerated.LinearForward(layer.Weight, layer.Bias, x, y, rows),
            () =>
            {
                onTheFly.SetNoiseEpoch(noiseEpoch++);
                onTheFly.LinearForward(layer.Weight, layer.Bias, x, y, rows);
            },
            .. fromTable is null ? Array.Empty<Action>() :
            [
                () =>
                {
                    fromTable.SetNoiseEpoch(tableEpoch++);
                    fromTable.LinearForward(layer.Weight, layer.Bias, x, y, rows);
                },
            ],
            .. cycles,
        ], warmup, repeats);
        int firstCycle = fromTable is null ? 3 : 4;
        var amortised = updateEvery.Select((k, i) => new AmortisedUpdate(
            k,
            1e3 * Timing.Median(runs[firstCycle + i]) / k,
            Timing.MedianPercentOf(runs[0].Select(t => t * k).ToArray(), runs[firstCycle + i]))).ToList();
        return new ForwardResult(
            width,
            rank,
            population,
            rowsPerMember,
            1e3 * Timing.Median(runs[0]),
            1e3 * Timing.Median(runs[1]),
            1e3 * Timing.Median(runs[2]),
            fromTable is null ? null : 1e3 * Timing.Median(runs[3]),
            Timing.MedianPercentOf(runs[0], runs[1]),
            Timing.MedianPercentOf(runs[0], runs[2]),
            fromTable is null ? null : Timing.MedianPercentOf(runs[0], runs[3]),
            amortised);
    }

    /// <summary>
    /// One ES cycle of the layer: a new noise epoch, K perturbed forwards, then the update of every parameter
    /// from fixed stand-in fitness values (θ += α·ĝ, α tiny so the weights stay as they were to many digits).
    /// </summary>
    private sealed class EsCycle
    {
        private readonly ParameterSet parameters;
        private readonly float[] pairWeights;
        private readonly float[][] gradients;
        private uint noiseEpoch = 1_000_000;

        public EsCycle(ParameterSet parameters, int rank, int population, NoiseDistribution distribution)
        {
            this.parameters = parameters;
            Strategy = new LowRankPerturbation(parameters, Seed, population, Sigma, rank, distribution: distribution);
            var fitness = Enumerable.Range(0, population).Select(i => MathF.Cos(i * 0.61f)).ToArray();
            pairWeights = new float[population / 2];
            Strategy.PairWeights(fitness, pairWeights);
            gradients = parameters.Entries.Select(e => new float[e.Parameter.Count]).ToArray();
        }

        public LowRankPerturbation Strategy { get; }

        public void Run(int forwardSteps, Action forward)
        {
            Strategy.SetNoiseEpoch(noiseEpoch++);
            for (int i = 0; i < forwardSteps; i++)
            {
                forward();
            }

            int p = 0;
            foreach (var entry in parameters)
            {
                Strategy.Estimate(entry.Parameter, pairWeights, gradients[p]);
                TensorPrimitives.MultiplyAdd(gradients[p++], LearningRate, entry.Parameter.Value, entry.Parameter.Value);
            }
        }
    }
}
