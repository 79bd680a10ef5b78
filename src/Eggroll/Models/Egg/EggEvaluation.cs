using Eggroll.Numerics;
using Eggroll.Numerics.Int8;

namespace Eggroll.Models.Egg;

/// <summary>
/// Runs the EGG model over a batch of byte sequences (for training: all members × their sequences
/// at once) and sums each row's loss in 1/256 bit (<see cref="Int8Softmax"/>). Rows are split into
/// tiles of a fixed size that run in parallel; all arithmetic is integer, so the result does not
/// depend on the thread count. An instance keeps its per-tile runners, so repeated calls on batches
/// of the same size allocate nothing.
/// </summary>
public sealed class EggEvaluation
{
    /// <summary>Batch rows per parallel tile.</summary>
    public const int TileRows = 64;

    private readonly EggModel model;
    private readonly EggRunner[] runners;
    private readonly byte[][] inputs;
    private readonly sbyte[][] logits;
    private readonly Action<int> runTile;
    private byte[] data = [];
    private long[] losses = [];
    private int length;
    private EggNoise? noise;

    /// <summary>
    /// Prepares evaluation of batches of <paramref name="rows"/> rows: rows [<paramref name="firstRow"/>, firstRow + rows)
    /// of a larger batch (e.g. some members of a population), whose noise they take; the sequences and losses of each
    /// call are this part's own, its row 0 at index 0.
    /// </summary>
    public EggEvaluation(EggModel model, int rows, int firstRow = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        this.model = model;
        Rows = rows;
        int tiles = (rows + TileRows - 1) / TileRows;
        runners = new EggRunner[tiles];
        inputs = new byte[tiles][];
        logits = new sbyte[tiles][];
        for (int tile = 0; tile < tiles; tile++)
        {
            int count = Math.Min(TileRows, rows - (tile * TileRows));
            runners[tile] = new EggRunner(model, firstRow + (tile * TileRows), count);
            inputs[tile] = new byte[count];
            logits[tile] = new sbyte[count * EggConfig.Vocabulary];
        }

        runTile = RunTile;
    }

    /// <summary>Batch rows per call.</summary>
    public int Rows { get; }

    /// <summary>
    /// For each row i, feeds bytes sequences[i·(length+1) + t] for t &lt; length from zero state and
    /// writes Σ_t loss(predicting byte t + 1) into <paramref name="rowLoss"/>[i].
    /// </summary>
    /// <exception cref="ArgumentException">The arrays are too short for rows × (length + 1) bytes.</exception>
    public void Loss(byte[] sequences, int length, EggNoise? noise, long[] rowLoss)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(rowLoss);
        if (sequences.Length < (long)Rows * (length + 1) || rowLoss.Length < Rows)
        {
            throw new ArgumentException($"{Rows} rows of {length} + 1 bytes need {(long)Rows * (length + 1)} bytes and {Rows} losses.");
        }

        (data, losses, this.length, this.noise) = (sequences, rowLoss, length, noise);
        Array.Clear(rowLoss, 0, Rows);
        Parallelism.For(runners.Length, runTile);
        (data, losses, this.noise) = ([], [], null);
    }

    /// <summary>One-off evaluation of <paramref name="rows"/> rows (see <see cref="Loss(byte[], int, EggNoise?, long[])"/>).</summary>
    public static void Loss(EggModel model, ReadOnlySpan<byte> sequences, int rows, int length, EggNoise? noise, Span<long> rowLoss)
    {
        if (sequences.Length < (long)rows * (length + 1) || rowLoss.Length < rows)
        {
            throw new ArgumentException($"{rows} rows of {length} + 1 bytes need {(long)rows * (length + 1)} bytes and {rows} losses.");
        }

        var losses = new long[rows];
        new EggEvaluation(model, rows).Loss(sequences[..(rows * (length + 1))].ToArray(), length, noise, losses);
        losses.CopyTo(rowLoss);
    }

    private void RunTile(int tile)
    {
        var runner = runners[tile];
        var input = inputs[tile];
        var output = logits[tile];
        int first = tile * TileRows, count = input.Length;
        runner.Reset();
        for (int t = 0; t < length; t++)
        {
            for (int i = 0; i < count; i++)
            {
                input[i] = data[((first + i) * (length + 1)) + t];
            }

            runner.Step(input, noise, output);
            for (int i = 0; i < count; i++)
            {
                int target = data[((first + i) * (length + 1)) + t + 1];
                losses[first + i] += Int8Softmax.LossQ8(output.AsSpan(i * EggConfig.Vocabulary, EggConfig.Vocabulary), target);
            }
        }
    }
}
