using Eggroll.Models.Rwkv;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>Teacher-forced next-token log-probabilities of an RWKV-7 model over a batch of equal-length sequences.</summary>
public static class RwkvSequenceScorer
{
    /// <summary>
    /// Runs each of the <c>context.Rows.RowCount</c> sequences (row-major, <paramref name="length"/> + 1 tokens each)
    /// from the zero state and writes, for row i and position t &lt; <paramref name="length"/>, the natural-log
    /// probability of token t + 1 given tokens 0..t into <c>logProbs[i·length + t]</c>.
    /// </summary>
    public static void LogProbs(RwkvModel model, ReadOnlySpan<int> sequences, int length, ForwardContext context, Span<float> logProbs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(context);
        int rows = context.Rows.RowCount;
        ArgumentOutOfRangeException.ThrowIfNotEqual(sequences.Length, rows * (length + 1), nameof(sequences));
        ArgumentOutOfRangeException.ThrowIfNotEqual(logProbs.Length, rows * length, nameof(logProbs));
        var state = new RwkvState(model.Config, rows);
        var tokens = new int[rows];
        var next = new int[rows];
        var results = new float[rows];
        for (int t = 0; t < length; t++)
        {
            for (int row = 0; row < rows; row++)
            {
                tokens[row] = sequences[(row * (length + 1)) + t];
                next[row] = sequences[(row * (length + 1)) + t + 1];
            }

            var logits = model.Step(tokens, state, context);
            Parallelism.For(rows, row => results[row] = LogSoftmaxAt(logits.Row(row), next[row]));
            for (int row = 0; row < rows; row++)
            {
                logProbs[(row * length) + t] = results[row];
            }
        }
    }

    /// <summary>log softmax(<paramref name="logits"/>)[<paramref name="token"/>], computed in double.</summary>
    public static float LogSoftmaxAt(ReadOnlySpan<float> logits, int token) => (float)(logits[token] - LogSumExp.Of(logits));
}
