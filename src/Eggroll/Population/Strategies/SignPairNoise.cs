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

    /// <summary>The fewest code bytes one thread writes per run of pairs.</summary>
    private const int MinCodesPerRun = 1 << 15;

    private readonly Lock gate = new();
    private readonly Action<int> generateRun;
    private readonly Action<int> writeCodesRun;
    private NoiseKey key;
    private PairRuns runs;
    private float[] floats = [];
    private volatile bool floatsCurrent;
    private byte[] codes = [];
    private int codesRank, codesLength;
    private PairRuns codeRuns;
    private volatile bool codesCurrent;
    private int codeRequests;

    /// <summary>Room for <paramref name="pairs"/> pairs' streams of <paramref name="length"/> elements.</summary>
    public SignPairNoise(int pairs, int length)
    {
        Pairs = pairs;
        Length = length;
        WordsPerPair = checked((length + SignNoise.ElementsPerBlock - 1) / SignNoise.ElementsPerBlock * 4);

        // One word more than the pairs use: reading the bits of any element also reads the word after it.
        Words = new uint[checked((pairs * WordsPerPair) + 1)];
        generateRun = GenerateRun;
        writeCodesRun = WriteCodesRun;
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
        floatsCurrent = false;
        codesCurrent = false;
        codeRequests = 0;
        Parallelism.For(runs.Count, generateRun);
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

    /// <summary>Bytes between the codes of two groups of ranks in <see cref="RowCodes"/>: <paramref name="length"/> rounded up to whole chunks.</summary>
    public static int CodeStride(int length) => (length + SignCodes.Chunk - 1) / SignCodes.Chunk * SignCodes.Chunk;

    /// <summary>
    /// <see cref="RowCodes"/> from the second request after <see cref="Generate"/> on, null for the first: a forward that reads
    /// the factors once computes their codes in registers for about what writing them costs, and from the second read on the
    /// written codes are cheaper.
    /// </summary>
    public byte[]? StoredRowCodes(int rank, int length) =>
        HoldsCodes(rank, length) ? codes
        : Interlocked.Increment(ref codeRequests) < 2 ? null
        : RowCodes(rank, length);

    /// <summary>
    /// The codes (<see cref="SignCodes"/>) of each pair's first <paramref name="rank"/> rows of <paramref name="length"/> elements
    /// (element k·length + j is row k's element j), in groups of <see cref="FactorGroups.Size"/> rows: pair p's group g's
    /// code of element j at [(p·groups + g)·<see cref="CodeStride"/>(length) + j], the padding 0. Written on the first call after
    /// <see cref="Generate"/> or with another shape; safe to call from several threads at once.
    /// </summary>
    public byte[] RowCodes(int rank, int length)
    {
        if (!HoldsCodes(rank, length))
        {
            WriteAllCodes(rank, length);
        }

        return codes;
    }

    private void WriteAllCodes(int rank, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)rank * length, Length, nameof(length));
        lock (gate)
        {
            if (HoldsCodes(rank, length))
            {
                return;
            }

            codesCurrent = false;
            (codesRank, codesLength) = (rank, length);
            long size = (long)Pairs * FactorGroups.Count(rank) * CodeStride(length);
            Buffers.EnsureLength(ref codes, checked((int)size));
            codeRuns = PairRuns.For(Pairs, size, MinCodesPerRun);
            Parallelism.For(codeRuns.Count, writeCodesRun);
            codesCurrent = true;
        }
    }

    /// <summary>Whether <see cref="codes"/> holds this epoch's codes of <paramref name="rank"/> rows of <paramref name="length"/>.</summary>
    private bool HoldsCodes(int rank, int length) => codesCurrent && codesRank == rank && codesLength == length;

    private unsafe void WriteCodesRun(int run)
    {
        var (first, end) = codeRuns.Range(run);
        int groups = FactorGroups.Count(codesRank), stride = CodeStride(codesLength);
        var writer = SignCodes.Fastest;
        fixed (uint* words = Words)
        fixed (byte* target = codes)
        {
            for (int p = first; p < end; p++)
            {
                for (int g = 0; g < groups; g++)
                {
                    int firstRank = g * FactorGroups.Size, size = FactorGroups.SizeOf(g, codesRank);
                    byte* groupCodes = target + ((((long)p * groups) + g) * stride);
                    for (int j = 0; j < stride; j += SignCodes.Chunk)
                    {
                        SignCodes.Write((ulong*)(groupCodes + j), words + ((long)p * WordsPerPair), firstRank, size, codesLength, 0, j, writer);
                    }
                }
            }
        }
    }
}
