using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Cli.Bench;

/// <summary>
/// The paper's Figure 2a forward protocol for one Linear layer (width → width, with bias): plain batched
/// inference of N·T rows against the EGGROLL perturbed forward of the same rows, once with the noise
/// epoch's factors generated beforehand and once with a new noise epoch (so new factors) before every
/// pass. The three runs take turns in every round.
/// </summary>
internal sealed class ForwardBenchmark(int population, int rowsPerMember, int warmup, int repeats)
{
    private const float Sigma = 0.01f;
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
        var pregenerated = new LowRankPerturbation(parameters, Seed, population, Sigma, rank);
        pregenerated.SetNoiseEpoch(0);
        var onTheFly = new LowRankPerturbation(parameters, Seed, population, Sigma, rank);
        uint noiseEpoch = 0;
        double[][] runs = Timing.Runs(
        [
            () => plain.LinearForward(layer.Weight, layer.Bias, x, y),
            () => pregenerated.LinearForward(layer.Weight, layer.Bias, x, y, rows),
            () =>
            {
                onTheFly.SetNoiseEpoch(noiseEpoch++);
                onTheFly.LinearForward(layer.Weight, layer.Bias, x, y, rows);
            },
        ], warmup, repeats);
        return new ForwardResult(
            width,
            rank,
            population,
            rowsPerMember,
            1e3 * Timing.Median(runs[0]),
            1e3 * Timing.Median(runs[1]),
            1e3 * Timing.Median(runs[2]),
            Timing.MedianPercentOf(runs[0], runs[1]),
            Timing.MedianPercentOf(runs[0], runs[2]));
    }
}
