namespace Eggroll.Population.Strategies;

/// <summary>
/// Where each antithetic pair's noise of one parameter lies in <see cref="Buffer"/>: pair p's slice starts at
/// p·<see cref="Stride"/> when the noise was generated pair after pair (<see cref="Offsets"/> null), or at
/// <see cref="Offsets"/>[p] in a shared noise table, and in both cases <see cref="Shift"/> further on.
/// </summary>
internal readonly record struct PairSlices(float[] Buffer, int[]? Offsets, int Stride, int Shift)
{
    /// <summary>Pair after pair, <paramref name="size"/> values each.</summary>
    public static PairSlices Contiguous(float[] buffer, int size) => new(buffer, null, size, 0);

    /// <summary>The index in <see cref="Buffer"/> where the slice of <paramref name="pair"/> starts.</summary>
    public int Start(int pair) => (Offsets is null ? pair * Stride : Offsets[pair]) + Shift;

    /// <summary>The first <paramref name="length"/> values of the slice of <paramref name="pair"/>.</summary>
    public ReadOnlySpan<float> Of(int pair, int length) => Buffer.AsSpan(Start(pair), length);

    /// <summary>True when the pairs' slices of <paramref name="size"/> values follow each other from the start of the buffer.</summary>
    public bool IsContiguous(int size) => Offsets is null && Stride == size && Shift == 0;
}
