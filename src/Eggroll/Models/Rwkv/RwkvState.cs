namespace Eggroll.Models.Rwkv;

/// <summary>
/// The recurrent state of a population batch: one sequence per batch row (a member owns its rows, so one
/// row per member gives one state per member), L × (2D + H·N²) values each, zero at the start.
/// </summary>
public sealed class RwkvState
{
    private readonly RwkvLayerState[] layers;

    /// <summary>Creates a zero state for <paramref name="rows"/> sequences of a model of <paramref name="config"/>.</summary>
    public RwkvState(RwkvConfig config, int rows)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        Config = config;
        Rows = rows;
        layers = new RwkvLayerState[config.Layers];
        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = new RwkvLayerState(config, rows);
        }
    }

    /// <summary>The model shape the state belongs to.</summary>
    public RwkvConfig Config { get; }

    /// <summary>Number of sequences (batch rows).</summary>
    public int Rows { get; }

    /// <summary>The state of block <paramref name="layer"/>.</summary>
    public RwkvLayerState Layer(int layer) => layers[layer];

    /// <summary>Zeroes the state of row <paramref name="row"/>, e.g. when its sequence ends.</summary>
    public void Reset(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        foreach (var layer in layers)
        {
            layer.Reset(row);
        }
    }
}
