namespace Eggroll.Models.Rwkv;

/// <summary>The recurrent state of one block for every batch row: two token-shift vectors and the H·N×N WKV state.</summary>
public sealed class RwkvLayerState
{
    private readonly int width;
    private readonly int wkvPerRow;

    /// <summary>Creates a zero state for <paramref name="rows"/> sequences.</summary>
    public RwkvLayerState(RwkvConfig config, int rows)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        width = config.Width;
        wkvPerRow = config.Width * config.HeadSize;
        TimeShift = new float[checked(rows * width)];
        ChannelShift = new float[TimeShift.Length];
        Wkv = new float[checked(rows * wkvPerRow)];
    }

    /// <summary>The time mix's previous input (after ln1), rows×D.</summary>
    public float[] TimeShift { get; }

    /// <summary>The channel mix's previous input (after ln2), rows×D.</summary>
    public float[] ChannelShift { get; }

    /// <summary>The WKV state, rows×H×N×N; S[h][i][j] pairs value index i with key index j.</summary>
    public float[] Wkv { get; }

    /// <summary>Zeroes the state of row <paramref name="row"/>.</summary>
    public void Reset(int row)
    {
        TimeShift.AsSpan(row * width, width).Clear();
        ChannelShift.AsSpan(row * width, width).Clear();
        Wkv.AsSpan(row * wkvPerRow, wkvPerRow).Clear();
    }
}
