using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// Fills every pair's noise of one parameter, in parallel over pairs, with a delegate created
/// once so that regenerating noise allocates nothing. Pair p's stream is written as its first
/// <c>firstSize</c> elements into <c>first</c> and, optionally, the next <c>secondSize</c> into <c>second</c>.
/// </summary>
internal sealed class PairNoiseFill
{
    private readonly Action<int> fillPair;
    private NoiseKey key;
    private float[] first = [];
    private int firstSize;
    private float[]? second;
    private int secondSize;

    public PairNoiseFill() => fillPair = FillPair;

    public void Run(NoiseKey firstPairKey, int pairCount, float[] firstBuffer, int firstPerPair, float[]? secondBuffer = null, int secondPerPair = 0)
    {
        key = firstPairKey;
        first = firstBuffer;
        firstSize = firstPerPair;
        second = secondBuffer;
        secondSize = secondPerPair;
        Parallelism.For(pairCount, fillPair);
        second = null;
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
