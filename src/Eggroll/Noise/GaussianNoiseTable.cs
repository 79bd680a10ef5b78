using Eggroll.Numerics;

namespace Eggroll.Noise;

/// <summary>
/// The optional shared noise table of docs/algorithm.md §1.4: one array of standard normals, elements
/// [0, offsets + maxSlice) of the <see cref="GaussianNoise"/> stream of the run seed's table key, generated once.
/// Element i of the noise of (parameter, noise epoch, pair) is the table's element <see cref="Offset"/> + i, so a
/// noise epoch's noise costs one hash per pair and parameter instead of one Gaussian per element.
/// </summary>
public sealed class GaussianNoiseTable
{
    /// <summary>Default number of distinct slice offsets (2^24: a 64 MiB table plus the longest slice).</summary>
    public const int DefaultOffsets = 1 << 24;

    /// <summary>Largest number of distinct slice offsets (2^28: a 1 GiB table).</summary>
    public const int MaxOffsets = 1 << 28;

    private const int GenerationChunk = 1 << 16;

    private readonly ulong seed;

    /// <summary>Generates the table of <paramref name="seed"/> with <paramref name="offsets"/> slice starts and room for slices of up to <paramref name="maxSlice"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the offsets exceed <see cref="MaxOffsets"/>.</exception>
    public GaussianNoiseTable(ulong seed, int maxSlice, int offsets = DefaultOffsets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSlice);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(offsets);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offsets, MaxOffsets);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSlice, Array.MaxLength - offsets);
        this.seed = seed;
        Offsets = offsets;
        MaxSlice = maxSlice;
        Buffer = new float[offsets + maxSlice];
        var key = NoiseTableOffsets.TableKey(seed);
        int chunks = (Buffer.Length + GenerationChunk - 1) / GenerationChunk;
        Parallelism.For(chunks, chunk =>
        {
            int start = chunk * GenerationChunk;
            GaussianNoise.Fill(key, start, Buffer.AsSpan(start, Math.Min(GenerationChunk, Buffer.Length - start)));
        });
    }

    /// <summary>Number of distinct slice starts.</summary>
    public int Offsets { get; }

    /// <summary>Longest slice the table can serve.</summary>
    public int MaxSlice { get; }

    /// <summary>All values (offsets + maximum slice length of them).</summary>
    public ReadOnlySpan<float> Values => Buffer;

    /// <summary>The values, for the perturbation's pointer arithmetic; never written after construction.</summary>
    internal float[] Buffer { get; }

    /// <summary>The start of the slice of (parameter key, noise epoch, pair), uniform in [0, <see cref="Offsets"/>).</summary>
    public int Offset(uint parameterKey, uint noiseEpoch, uint pair) => NoiseTableOffsets.Of(seed, Offsets, parameterKey, noiseEpoch, pair);

    /// <summary>Element i of the noise of <paramref name="key"/> (whose seed must be the table's) for i in [start, start + length).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range ends past <see cref="MaxSlice"/>, or the key has another seed.</exception>
    public ReadOnlySpan<float> Slice(NoiseKey key, int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + (long)length, MaxSlice, nameof(length));
        if (key.Seed != seed)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key.Seed, $"The table was generated for seed {seed}.");
        }

        return Buffer.AsSpan(Offset(key.ParameterId, key.NoiseEpoch, key.Pair) + start, length);
    }
}
