using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// One parameter's Rademacher noise for every pair of a noise epoch, kept as the sign streams' own bits
/// (<see cref="SignNoise.FillPairWords(NoiseKey, int, int, Span{uint})"/>: pair p's elements [0, <see cref="Length"/>) in words
/// [p·<see cref="WordsPerPair"/>, …)), 32 times smaller than floats; the ±1 floats are written out only when asked for.
/// </summary>
internal sealed class SignPairNoise
{
    /// <summary>The fewest words one thread generates per run of pairs (about 10 µs of work).</summary>
    private const int MinWordsPerRun = 1 << 14;

    private readonly Lock gate = new();
    private readonly Action<int> generateRun;
    private NoiseKey key;
    private PairRuns runs;
    private float[] floats = [];
    private volatile bool floatsCurrent;

    /// <summary>Room for <paramref name="pairs"/> pairs' streams of <paramref name="length"/> elements.</summary>
    public SignPairNoise(int pairs, int length)
    {
        Pairs = pairs;
        Length = length;
        WordsPerPair = checked((length + SignNoise.ElementsPerBlock - 1) / SignNoise.ElementsPerBlock * 4);

        // One word more than the pairs use: reading the bits of any element also reads the word after it.
        Words = new uint[checked((pairs * WordsPerPair) + 1)];
        generateRun = GenerateRun;
    }

    /// <summary>Number of pairs.</summary>
    public int Pairs { get; }

    /// <summary>Elements per pair.</summary>
    public int Length { get; }

    /// <summary>Words per pair: whole Philox blocks of four words.</summary>
    public int WordsPerPair { get; }

    /// <summary>The bits of every pair, pair after pair.</summary>
    public uint[] Words { get; }

    /// <summary>Generates the bits of every pair, in parallel runs of pairs; <paramref name="firstPairKey"/> is pair 0's key.</summary>
    public void Generate(NoiseKey firstPairKey)
    {
        key = firstPairKey;
        runs = PairRuns.For(Pairs, (long)Pairs * WordsPerPair, MinWordsPerRun);
        Parallelism.For(runs.Count, generateRun);
        floatsCurrent = false;
    }

    /// <summary>Writes elements [<paramref name="start"/>, start + length) of <paramref name="pair"/>'s stream times <paramref name="value"/> to <paramref name="destination"/>.</summary>
    public unsafe void Write(int pair, int start, float value, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + destination.Length, Length, nameof(destination));
        fixed (uint* words = Words)
        fixed (float* target = destination)
        {
            SignBits.Write(words + ((long)pair * WordsPerPair), start, value, target, destination.Length);
        }
    }

    /// <summary>Adds element <paramref name="start"/> + i of <paramref name="pair"/>'s stream times <paramref name="value"/> to destination[i].</summary>
    public unsafe void AddTo(int pair, int start, float value, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + destination.Length, Length, nameof(destination));
        fixed (uint* words = Words)
        fixed (float* target = destination)
        {
            SignBits.AddTo(words + ((long)pair * WordsPerPair), start, value, target, destination.Length);
        }
    }

    /// <summary>Element <paramref name="element"/> of <paramref name="pair"/>'s stream, +1 or −1.</summary>
    public unsafe float Element(int pair, int element)
    {
        fixed (uint* words = Words)
        {
            return SignBits.Apply(1f, words + ((long)pair * WordsPerPair), element);
        }
    }

    private void GenerateRun(int run)
    {
        var (first, end) = runs.Range(run);
        SignNoise.FillPairWords(key with { Pair = key.Pair + (uint)first }, end - first, WordsPerPair / 4, Words.AsSpan(first * WordsPerPair, (end - first) * WordsPerPair));
    }

    /// <summary>
    /// Every pair's elements as ±1 floats (<see cref="Length"/> per pair, pair after pair), written out on the first call after
    /// <see cref="Generate"/>; safe to call from several threads at once (perturbed vectors are read by parallel members).
    /// </summary>
    public PairSlices Floats()
    {
        if (!floatsCurrent)
        {
            Materialise();
        }

        return PairSlices.Contiguous(floats, Length);
    }

    private void Materialise()
    {
        lock (gate)
        {
            if (floatsCurrent)
            {
                return;
            }

            if (floats.Length == 0)
            {
                floats = new float[checked(Pairs * Length)];
            }

            for (int pair = 0; pair < Pairs; pair++)
            {
                Write(pair, 0, 1f, floats.AsSpan(pair * Length, Length));
            }

            floatsCurrent = true;
        }
    }
}
