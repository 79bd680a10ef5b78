namespace Eggroll.Numerics.Int8;

/// <summary>
/// The rescaling of a matrix op (docs/algorithm.md §4.3): an int32 accumulator of products of two 4-fraction-bit
/// values is divided by 16·√in and clipped to ±127. When <c>in</c> is a power of four this is an
/// arithmetic shift by 4 + log₄(in); otherwise a floor division by round(16·√in). Both round
/// towards −∞.
/// </summary>
public readonly struct Int8OutputScale
{
    private readonly int shift;
    private readonly int divisor;

    /// <summary>The scale of a matrix op with <paramref name="inputs"/> inputs.</summary>
    public Int8OutputScale(int inputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        if (Int8Math.IsPowerOfFour(inputs))
        {
            shift = 4 + (System.Numerics.BitOperations.Log2((uint)inputs) / 2);
            divisor = 0;
        }
        else
        {
            shift = 0;
            divisor = (int)Math.Round(16 * Math.Sqrt(inputs));
        }
    }

    /// <summary>No rescale: <see cref="Apply"/> only clips (the default value).</summary>
    public static Int8OutputScale Identity => default;

    /// <summary>The right shift of a power-of-four input count; 0 otherwise.</summary>
    public int Shift => shift;

    /// <summary>The floor divisor round(16·√in) when the input count is not a power of four; 0 when the rescale is the shift.</summary>
    public int Divisor => divisor;

    /// <summary>Rescales and clips one accumulator.</summary>
    public sbyte Apply(long accumulator) =>
        Int8Math.Clip(divisor == 0 ? accumulator >> shift : Int8Math.FloorDivide(accumulator, divisor));
}
