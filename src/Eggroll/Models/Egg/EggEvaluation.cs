using Eggroll.Numerics;
using Eggroll.Numerics.Int8;

namespace Eggroll.Models.Egg;

/// <summary>
/// Runs the EGG model over a batch of byte sequences (for training: all members × their sequences
/// at once) and sums each row's loss in 1/256 bit (<see cref="Int8Softmax"/>). Rows are split into
/// tiles of a fixed size that run in parallel; all arithmetic is integer, so the result does not
/// depend on the thread count.
/// </summary>
public static class EggEvaluation
{
    /// <summary>Batch rows per parallel tile.</summary>
    public const int TileRows = 64;

    /// <summary>
    /// For each row i, feeds bytes sequences[i·(length+1) + t] for t &lt; length from zero state and
    /// writes Σ_t loss(predicting byte t + 1) into <paramref name="rowLoss"/>[i].
    /// </summary>
    /// <exception cref="ArgumentException">The spans are too short for rows × (length + 1) bytes.</exception>
    public static void Loss(EggModel model, ReadOnlySpan<byte> sequences, int rows, int length, EggNoise? noise, Span<long> rowLoss)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (sequences.Length < (long)rows * (length + 1) || rowLoss.Length < rows)
        {
            throw new ArgumentException($"{rows} rows of {length} + 1 bytes need {(long)rows * (length + 1)} bytes and {rows} losses.");
        }

        var data = sequences[..(rows * (length + 1))].ToArray();
        var losses = new long[rows];
        int tiles = (rows + TileRows - 1) / TileRows;
        Parallelism.For(tiles, tile =>
        {
            int first = tile * TileRows, count = Math.Min(TileRows, rows - first);
            var runner = new EggRunner(model, first, count);
            var inputs = new byte[count];
            var logits = new sbyte[count * EggConfig.Vocabulary];
            for (int t = 0; t < length; t++)
            {
                for (int i = 0; i < count; i++)
                {
                    inputs[i] = data[((first + i) * (length + 1)) + t];
                }

                runner.Step(inputs, noise, logits);
                for (int i = 0; i < count; i++)
                {
                    int target = data[((first + i) * (length + 1)) + t + 1];
                    losses[first + i] += Int8Softmax.LossQ8(logits.AsSpan(i * EggConfig.Vocabulary, EggConfig.Vocabulary), target);
                }
            }
        });
        losses.CopyTo(rowLoss);
    }
}
