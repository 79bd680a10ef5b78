using System.Runtime.CompilerServices;
using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// Fills every pair's noise of one parameter, in parallel over pairs, with a delegate created
/// once so that regenerating noise allocates nothing. Pair p's stream is written as its first
/// <c>firstSize</c> elements into <c>first</c> and, optionally, the next <c>secondSize</c> into <c>second</c>; for noise stored in
/// 16 bits each value is rounded (<see cref="Fixed16.Round"/>) right after it is generated, and its 16-bit form written
/// where a buffer for it is given (a part with no float buffer is generated a chunk at a time and kept in 16 bits only).
/// Pairs are handed to threads in runs of at least <see cref="MinElementsPerRun"/> normals, so that small
/// layers do not pay a thread hand-over per pair; the values do not depend on the runs.
/// </summary>
internal sealed class PairNoiseFill
{
    /// <summary>The fewest normals one thread generates per claimed run of pairs (about 10 µs of work).</summary>
    private const int MinElementsPerRun = 16384;

    /// <summary>Normals generated at a time on the stack for a part kept in 16 bits only: a multiple of the generator's chunks.</summary>
    private const int StepChunk = 1024;

    private readonly Action<int> fillRun;
    private NoiseKey key;
    private float[]? first;
    private int firstSize;
    private float[]? second;
    private int secondSize;
    private bool round;
    private short[]? firstSteps;
    private short[]? secondSteps;
    private PairRuns runs;

    public PairNoiseFill() => fillRun = FillRun;

    /// <summary>
    /// Fills <paramref name="pairCount"/> pairs' noise from <paramref name="firstPairKey"/>'s stream and its pairs'; with
    /// <paramref name="steps"/> the values are rounded to 16 bits, whose k go to the given buffers (laid out as the floats).
    /// </summary>
    public void Run(NoiseKey firstPairKey, int pairCount, float[]? firstBuffer, int firstPerPair, float[]? secondBuffer, int secondPerPair, Fixed16Steps? steps)
    {
        key = firstPairKey;
        first = firstBuffer;
        firstSize = firstPerPair;
        second = secondBuffer;
        secondSize = secondPerPair;
        round = steps is not null;
        (firstSteps, secondSteps) = (steps?.First, steps?.Second);
        runs = PairRuns.For(pairCount, (long)pairCount * (firstPerPair + secondPerPair), MinElementsPerRun);
        Parallelism.For(runs.Count, fillRun);
        first = second = null;
        firstSteps = secondSteps = null;
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
        Fill(pairKey, 0, Part(first, pair, firstSize), Part(firstSteps, pair, firstSize));
        if (secondSize > 0)
        {
            Fill(pairKey, firstSize, Part(second, pair, secondSize), Part(secondSteps, pair, secondSize));
        }
    }

    private static Span<T> Part<T>(T[]? buffer, int pair, int size) => buffer is null ? default : buffer.AsSpan(pair * size, size);

    [SkipLocalsInit]
    private void Fill(NoiseKey pairKey, int start, Span<float> values, Span<short> steps)
    {
        if (values.IsEmpty && !steps.IsEmpty)
        {
            Span<float> chunk = stackalloc float[StepChunk];
            for (int i = 0; i < steps.Length; i += StepChunk)
            {
                int count = Math.Min(StepChunk, steps.Length - i);
                GaussianNoise.Fill(pairKey, start + i, chunk[..count]);
                Fixed16.Round(chunk[..count], steps.Slice(i, count));
            }

            return;
        }

        GaussianNoise.Fill(pairKey, start, values);
        if (round)
        {
            Fixed16.Round(values, steps);
        }
    }
}
