using Eggroll.Numerics.Int8;

namespace Eggroll.Noise;

/// <summary>
/// The integer noise of docs/algorithm.md §4.2: one table of int8 values round(16·z), z standard normal from the
/// library's <see cref="GaussianNoise"/> (rounded half to even, then clipped to ±127; never
/// truncated), generated once from a seed. A pair's low-rank factors for a parameter are one
/// contiguous slice of it, starting at an offset hashed from (parameter key, noise epoch, pair).
/// </summary>
public sealed class Int8NoiseTable
{
    /// <summary>Default number of distinct slice offsets (2^20).</summary>
    public const int DefaultOffsets = 1 << 20;

    private readonly sbyte[] values;
    private readonly ulong seed;

    /// <summary>Generates the table for <paramref name="seed"/> with room for slices up to <paramref name="maxSlice"/> values.</summary>
    public Int8NoiseTable(ulong seed, int maxSlice, int offsets = DefaultOffsets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSlice);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(offsets);
        this.seed = seed;
        Offsets = offsets;
        MaxSlice = maxSlice;
        var normals = new float[offsets + maxSlice];
        GaussianNoise.Fill(NoiseTableOffsets.TableKey(seed), normals);
        values = new sbyte[normals.Length];
        double squares = 0;
        for (int i = 0; i < normals.Length; i++)
        {
            values[i] = Int8Math.Clip((long)Math.Round(16.0 * normals[i], MidpointRounding.ToEven));
            squares += values[i] * values[i];
        }

        MeanSquare = squares / values.Length;
    }

    /// <summary>Number of distinct slice starts.</summary>
    public int Offsets { get; }

    /// <summary>Longest slice the table can serve.</summary>
    public int MaxSlice { get; }

    /// <summary>Mean of the squared table entries (about 256·(1 + 1/3072) for round(16·z)).</summary>
    public double MeanSquare { get; }

    /// <summary>All values (offsets + maximum slice length of them).</summary>
    public ReadOnlySpan<sbyte> Values => values;

    /// <summary>The start of the slice of (parameter key, noise epoch, pair), uniform in [0, <see cref="Offsets"/>).</summary>
    public int Offset(uint parameterKey, uint noiseEpoch, uint pair) => NoiseTableOffsets.Of(seed, Offsets, parameterKey, noiseEpoch, pair);

    /// <summary>The slice of <paramref name="length"/> values of (parameter key, noise epoch, pair).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length exceeds <see cref="MaxSlice"/>.</exception>
    public ReadOnlySpan<sbyte> Slice(uint parameterKey, uint noiseEpoch, uint pair, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxSlice);
        return values.AsSpan(Offset(parameterKey, noiseEpoch, pair), length);
    }
}
