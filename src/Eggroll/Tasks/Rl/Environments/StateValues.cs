namespace Eggroll.Tasks.Rl.Environments;

/// <summary>
/// Reads the whole-number fields of the state layouts given to <see cref="IEnvironment.SetState"/>
/// (cells, positions, the episode seed), rejecting any value that is not one the layout allows.
/// </summary>
public static class StateValues
{
    /// <summary>Number of state values holding the episode seed: its low and its high 32 bits.</summary>
    public const int SeedSize = 2;

    /// <summary><paramref name="value"/> as an integer; throws when it is not a whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int Integer(double value, int min, int max, string field)
    {
        if (value != Math.Floor(value) || value < min || value > max)
        {
            throw new ArgumentException($"state value {field} must be a whole number in [{min}, {max}], got {value}.");
        }

        return (int)value;
    }

    /// <summary>The seed stored as two 32-bit halves at the start of <paramref name="state"/>.</summary>
    public static ulong Seed(ReadOnlySpan<double> state)
    {
        uint low = (uint)WholeWord(state[0], "seed (low 32 bits)");
        uint high = (uint)WholeWord(state[1], "seed (high 32 bits)");
        return ((ulong)high << 32) | low;
    }

    /// <summary>Writes <paramref name="seed"/> as its low and high 32 bits into the first two values of <paramref name="state"/>.</summary>
    public static void WriteSeed(ulong seed, Span<double> state)
    {
        state[0] = (uint)seed;
        state[1] = (uint)(seed >> 32);
    }

    private static long WholeWord(double value, string field)
    {
        if (value != Math.Floor(value) || value < 0 || value > uint.MaxValue)
        {
            throw new ArgumentException($"state value {field} must be a whole number in [0, {uint.MaxValue}], got {value}.");
        }

        return (long)value;
    }
}
