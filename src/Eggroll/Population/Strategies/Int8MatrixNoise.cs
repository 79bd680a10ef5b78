using Eggroll.Noise;

namespace Eggroll.Population.Strategies;

/// <summary>
/// One epoch's low-rank noise of one int8 matrix W (outputs × inputs): for pair p the slice of
/// r·(outputs + inputs) table values at the pair's hashed offset holds A_p (r rows of
/// <c>outputs</c> values, A_q = slice[q·outputs, (q+1)·outputs)) followed by B_p (r rows of
/// <c>inputs</c> values). Member t = row / rowsPerMember has pair t/2 and sign +1 (even t) or −1.
/// </summary>
public sealed class Int8MatrixNoise
{
    private readonly Int8NoiseTable table;
    private readonly int[] offsets;
    private readonly uint parameterKey;

    /// <summary>Looks up the offsets of every pair for (<paramref name="parameterKey"/>, <paramref name="noiseEpoch"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the slice exceeds the table's maximum.</exception>
    public Int8MatrixNoise(Int8NoiseTable table, uint parameterKey, uint noiseEpoch, int pairs, int rank, int outputs, int inputs, int sigmaShift, int rowsPerMember)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pairs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rank);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerMember);
        ArgumentOutOfRangeException.ThrowIfNegative(sigmaShift);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank * (outputs + inputs), table.MaxSlice);
        this.table = table;
        Rank = rank;
        Outputs = outputs;
        Inputs = inputs;
        Shift = 4 + sigmaShift;
        RowsPerMember = rowsPerMember;
        this.parameterKey = parameterKey;
        offsets = new int[pairs];
        Load(noiseEpoch);
    }

    /// <summary>Switches to the noise of <paramref name="noiseEpoch"/> in place (the offsets of every pair are looked up again).</summary>
    public void Load(uint noiseEpoch)
    {
        for (int p = 0; p < offsets.Length; p++)
        {
            offsets[p] = table.Offset(parameterKey, noiseEpoch, (uint)p);
        }
    }

    /// <summary>Rank r of the factors.</summary>
    public int Rank { get; }

    /// <summary>Rows of W.</summary>
    public int Outputs { get; }

    /// <summary>Columns of W.</summary>
    public int Inputs { get; }

    /// <summary>Right shift 4 + sigma_shift applied to the correction (x·B)·Aᵀ.</summary>
    public int Shift { get; }

    /// <summary>Rows of the population batch that belong to one member.</summary>
    public int RowsPerMember { get; }

    /// <summary>Number of antithetic pairs.</summary>
    public int Pairs => offsets.Length;

    /// <summary>All r rows of A_p for pair <paramref name="pair"/>, one after another (row q at q·<see cref="Outputs"/>).</summary>
    public ReadOnlySpan<sbyte> A(int pair) => table.Values.Slice(offsets[pair], Rank * Outputs);

    /// <summary>All r rows of B_p for pair <paramref name="pair"/>, one after another (row q at q·<see cref="Inputs"/>).</summary>
    public ReadOnlySpan<sbyte> B(int pair) => table.Values.Slice(offsets[pair] + (Rank * Outputs), Rank * Inputs);

    /// <summary>Factor A_q of pair <paramref name="pair"/> (<see cref="Outputs"/> values).</summary>
    public ReadOnlySpan<sbyte> A(int pair, int q) => table.Values.Slice(offsets[pair] + (q * Outputs), Outputs);

    /// <summary>Factor B_q of pair <paramref name="pair"/> (<see cref="Inputs"/> values).</summary>
    public ReadOnlySpan<sbyte> B(int pair, int q) => table.Values.Slice(offsets[pair] + (Rank * Outputs) + (q * Inputs), Inputs);

    /// <summary>The pair of a batch row.</summary>
    public int PairOf(int row) => row / RowsPerMember / 2;

    /// <summary>The sign (+1 or −1) of a batch row's member.</summary>
    public int SignOf(int row) => (row / RowsPerMember & 1) == 0 ? 1 : -1;
}
