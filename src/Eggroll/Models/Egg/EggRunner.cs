using Eggroll.Numerics.Int8;
using Eggroll.Population.Strategies;

namespace Eggroll.Models.Egg;

/// <summary>
/// Runs the EGG model one byte at a time for a block of batch rows, carrying each layer's int8 state.
/// Per layer: u = norm(h); gate g and candidate c are matrix ops of u; the state becomes
/// s ← (s·(128 − g) + c·(128 + g)) &gt;&gt; 8, a convex mix (g ∈ [−127, 127] plays the sigmoid, its
/// clipping the saturation); h ← clip(h + s); h ← clip(h + down(up(norm(h)))). Logits = head(norm(h)).
/// </summary>
public sealed class EggRunner
{
    private readonly EggModel model;
    private readonly int rows;
    private readonly int firstRow;
    private readonly sbyte[][] states;
    private readonly sbyte[] h, u, gate, candidate, hidden, mlp;
    private readonly int[] accumulator;

    /// <summary>A runner for batch rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="rows"/>) starting from zero state.</summary>
    public EggRunner(EggModel model, int firstRow, int rows)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        this.rows = rows;
        this.firstRow = firstRow;
        int d = model.Config.Width;
        states = Enumerable.Range(0, model.Config.Layers).Select(_ => new sbyte[rows * d]).ToArray();
        h = new sbyte[rows * d];
        u = new sbyte[rows * d];
        gate = new sbyte[rows * d];
        candidate = new sbyte[rows * d];
        mlp = new sbyte[rows * d];
        hidden = new sbyte[rows * 4 * d];
        accumulator = new int[rows * Math.Max(4 * d, EggConfig.Vocabulary)];
    }

    /// <summary>Sets every layer's state back to zero, as for a new sequence.</summary>
    public void Reset()
    {
        foreach (var state in states)
        {
            Array.Clear(state);
        }
    }

    /// <summary>Feeds one byte per row and writes each row's 256 logits (rows × 256).</summary>
    public void Step(ReadOnlySpan<byte> inputs, EggNoise? noise, Span<sbyte> logits)
    {
        int d = model.Config.Width;
        Embed(inputs, noise?.Matrices[0]);
        for (int l = 0; l < model.Config.Layers; l++)
        {
            int key = 1 + (l * EggModel.PerLayer);
            NormRows(h, u, d);
            Linear(u, key, noise, gate);
            Linear(u, key + 1, noise, candidate);
            var state = states[l];
            for (int i = 0; i < state.Length; i++)
            {
                int g = gate[i];
                state[i] = (sbyte)(((state[i] * (128 - g)) + (candidate[i] * (128 + g))) >> 8);
                h[i] = Int8Math.Clip(h[i] + state[i]);
            }

            NormRows(h, u, d);
            Linear(u, key + 2, noise, hidden);
            Linear(hidden, key + 3, noise, mlp);
            for (int i = 0; i < h.Length; i++)
            {
                h[i] = Int8Math.Clip(h[i] + mlp[i]);
            }
        }

        NormRows(h, u, d);
        Linear(u, model.Parameters.Count - 1, noise, logits);
    }

    private void Embed(ReadOnlySpan<byte> inputs, Int8MatrixNoise? noise)
    {
        int d = model.Config.Width;
        var table = model.Embedding.Value;
        Span<int> projections = stackalloc int[noise?.Rank ?? 0];
        var acc = accumulator.AsSpan(0, d);
        for (int i = 0; i < rows; i++)
        {
            var entry = table.AsSpan(inputs[i] * d, d);
            var row = h.AsSpan(i * d, d);
            if (noise is null)
            {
                entry.CopyTo(row);
                continue;
            }

            int batchRow = firstRow + i, pair = noise.PairOf(batchRow), sign = noise.SignOf(batchRow);
            for (int j = 0; j < d; j++)
            {
                acc[j] = entry[j];
            }

            for (int q = 0; q < projections.Length; q++)
            {
                projections[q] = sign * noise.A(pair, q)[inputs[i]];
            }

            Int8Epilogue.Apply(acc, projections, noise.B(pair), noise.Shift, Int8OutputScale.Identity, row);
        }
    }

    private void Linear(ReadOnlySpan<sbyte> x, int key, EggNoise? noise, Span<sbyte> y) =>
        Int8Linear.Forward(x, rows, firstRow, model.Parameters[key].Packed, noise?.Matrices[key], accumulator, y);

    private void NormRows(ReadOnlySpan<sbyte> x, Span<sbyte> y, int d)
    {
        for (int i = 0; i < rows; i++)
        {
            Int8Norm.Apply(x.Slice(i * d, d), y.Slice(i * d, d));
        }
    }
}
