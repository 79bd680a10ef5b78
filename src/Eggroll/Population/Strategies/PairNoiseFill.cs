using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// Fills every pair's noise of one parameter, in parallel over pairs, with a delegate created
/// once so that regenerating noise allocates nothing. Pair p's stream is written as its first
/// <c>firstSize</c> elements into <c>first</c> and, optionally, the next <c>secondSize</c> into <c>second</c>.
/// Pairs are handed to threads in runs of at least <see cref="MinElementsPerRun"/> normals, so that small
/// layers do not pay a thread hand-over per pair; the values do not depend on the runs.
/// </summary>
internal sealed class PairNoiseFill
{
    /// <summary>The fewest normals one thread generates per claimed run of pairs (about 10 µs of work).</summary>
    private const int MinElementsPerRun = 16384;

    private readonly Action<int> fillRun;
    private NoiseKey key;
    private float[] first = [];
    private int firstSize;
    private float[]? second;
    private int secondSize;
    private PairRuns runs;

    public PairNoiseFill() => fillRun = FillRun;

    public void Run(NoiseKey firstPairKey, int pairCount, float[] firstBuffer, int firstPerPair, float[]? secondBuffer = null, int secondPerPair = 0)
    {
        key = firstPairKey;
        first = firstBuffer;
        firstSize = firstPerPair;
        second = secondBuffer;
        secondSize = secondPerPair;
        runs = PairRuns.For(pairCount, (long)pairCount * (firstPerPair + secondPerPair), MinElementsPerRun);
        Parallelism.For(runs.Count, fillRun);
        second = null;
    }

    private void FillRun(int run)
    {
        var (firstPair, end) = runs.Range(run);
        for (int pair = firstPair; pair < end; pair++)
        {
            FillPair(pair);
        }
    }

    private void FillPair(int pair)
    {
        var pairKey = key with { Pair = (uint)pair };
        GaussianNoise.Fill(pairKey, 0, first.AsSpan(pair * firstSize, firstSize));
        if (second is not null)
        {
            GaussianNoise.Fill(pairKey, firstSize, second.AsSpan(pair * secondSize, secondSize));
        }
    }
}
