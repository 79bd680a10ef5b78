using Eggroll.Models.Backward.Rwkv;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>
/// Prompts and their sampled completions laid out as <see cref="RwkvGrpoLoss"/> reads them: one window of
/// <see cref="Steps"/> + 1 tokens per completion (prompt, completion, then zero padding) and, per predicted position,
/// whether the token it predicts was generated.
/// </summary>
/// <param name="Sequences">The windows, row-major.</param>
/// <param name="Steps">Predicted positions per window: the longest prompt + completion, less one.</param>
/// <param name="Generated">Per window and position t: whether token t + 1 is a completion token.</param>
public sealed record GrpoBatch(int[] Sequences, int Steps, bool[] Generated)
{
    /// <summary>The batch of <paramref name="requests"/> (their prompts) followed by <paramref name="completions"/>, one each.</summary>
    public static GrpoBatch Of(IReadOnlyList<GenerationRequest> requests, IReadOnlyList<int[]> completions)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(completions);
        if (requests.Count == 0 || requests.Count != completions.Count)
        {
            throw new ArgumentException($"A GRPO batch needs one completion per prompt, got {requests.Count} prompts and {completions.Count} completions.", nameof(completions));
        }

        int rows = requests.Count;
        int steps = Math.Max(1, Enumerable.Range(0, rows).Max(r => requests[r].Prompt.Length + completions[r].Length) - 1);
        int window = steps + 1;
        var sequences = new int[rows * window];
        var generated = new bool[rows * steps];
        for (int r = 0; r < rows; r++)
        {
            var prompt = requests[r].Prompt;
            prompt.CopyTo(sequences.AsSpan(r * window));
            completions[r].CopyTo(sequences.AsSpan((r * window) + prompt.Length));
            for (int t = prompt.Length - 1; t < prompt.Length - 1 + completions[r].Length; t++)
            {
                generated[(r * steps) + t] = true;
            }
        }

        return new GrpoBatch(sequences, steps, generated);
    }

    /// <summary>The log-probability of every window's token t + 1 given tokens 0..t under <paramref name="model"/>'s forward pass, row-major.</summary>
    public float[] LogProbs(RwkvBackprop model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int window = Steps + 1, rows = Sequences.Length / window;
        var inputs = new int[rows * Steps];
        for (int r = 0; r < rows; r++)
        {
            Sequences.AsSpan(r * window, Steps).CopyTo(inputs.AsSpan(r * Steps));
        }

        var logits = model.Forward(inputs, Steps);
        var logProbs = new float[rows * Steps];
        for (int r = 0; r < rows; r++)
        {
            for (int t = 0; t < Steps; t++)
            {
                int row = (r * Steps) + t;
                logProbs[row] = RwkvSequenceScorer.LogSoftmaxAt(logits.Row(row), Sequences[(r * window) + t + 1]);
            }
        }

        return logProbs;
    }
}
