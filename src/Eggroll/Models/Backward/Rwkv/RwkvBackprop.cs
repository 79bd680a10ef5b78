using System.Numerics.Tensors;
using Eggroll.Models.Rwkv;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models.Backward.Rwkv;

/// <summary>
/// Gradient training of a whole <see cref="RwkvModel"/> on batches of sequences, each run from the zero state:
/// the forward runs every position-independent product for all B·T rows at once on the GEMM and the WKV recurrence
/// step by step, keeping what the backward needs; the backward walks head, ln_out, the blocks (each channel mix, ln2,
/// time mix with backprop through time, ln1) and ln0 to the embedding. Rows are laid out sequence·T + t.
/// </summary>
public sealed class RwkvBackprop
{
    private readonly RwkvTimeMixBackprop[] timeMixes;
    private readonly RwkvChannelMixBackprop[] channelMixes;
    private readonly float[][] gradients;
    private readonly Matrix[] blockInputs, blockMiddles;
    private int[] tokens = [];
    private int steps;
    private Matrix embedded = null!, residual = null!, final = null!, normalised = null!, logits = null!, valueFirst = null!;
    private Matrix gradient = null!, normGradient = null!, valueFirstGradient = null!, logitsGradient = null!;

    /// <summary>Prepares passes through <paramref name="model"/>.</summary>
    public RwkvBackprop(RwkvModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        timeMixes = model.Blocks.Select(b => new RwkvTimeMixBackprop(b.TimeMix, model.Config)).ToArray();
        channelMixes = model.Blocks.Select(b => new RwkvChannelMixBackprop(b.ChannelMix)).ToArray();
        gradients = model.Parameters.Entries.Select(e => new float[e.Parameter.Count]).ToArray();
        blockInputs = new Matrix[model.Blocks.Count];
        blockMiddles = new Matrix[model.Blocks.Count];
    }

    /// <summary>The model.</summary>
    public RwkvModel Model { get; }

    /// <summary>dLoss/dθ of the last <see cref="Backward"/>, one array per parameter, indexed by <see cref="Parameter.Id"/>.</summary>
    public IReadOnlyList<float[]> Gradients => gradients;

    /// <summary>
    /// Runs <paramref name="inputTokens"/> (sequences of <paramref name="sequenceSteps"/> tokens, row-major) from the zero
    /// state and returns the logits of every position (rows×V, owned by this object until the next forward).
    /// </summary>
    public Matrix Forward(ReadOnlySpan<int> inputTokens, int sequenceSteps)
    {
        if (sequenceSteps < 1 || inputTokens.Length == 0 || inputTokens.Length % sequenceSteps != 0)
        {
            throw new ArgumentException($"The tokens must be whole sequences of {sequenceSteps} steps, got {inputTokens.Length} tokens.", nameof(inputTokens));
        }

        int rows = inputTokens.Length, d = Model.Config.Width;
        steps = sequenceSteps;
        tokens = inputTokens.ToArray();
        var context = ForwardContext.Unperturbed(rows);
        embedded = Matrix.Reuse(embedded, rows, d);
        residual = Matrix.Reuse(residual, rows, d);
        valueFirst = Matrix.Reuse(valueFirst, rows, d);
        Model.Embedding.Forward(tokens, context).Values.CopyTo(embedded.Values);
        Model.Norm0.Forward(embedded, context).Values.CopyTo(residual.Values);
        for (int l = 0; l < timeMixes.Length; l++)
        {
            var block = Model.Blocks[l];
            blockInputs[l] = Matrix.Reuse(blockInputs[l], rows, d);
            residual.Values.CopyTo(blockInputs[l].Values);
            var attention = timeMixes[l].Forward(block.Norm1.Forward(residual, context), steps, valueFirst);
            TensorPrimitives.Add(residual.Values, attention.Values, residual.Values);
            blockMiddles[l] = Matrix.Reuse(blockMiddles[l], rows, d);
            residual.Values.CopyTo(blockMiddles[l].Values);
            var feedForward = channelMixes[l].Forward(block.Norm2.Forward(residual, context), steps);
            TensorPrimitives.Add(residual.Values, feedForward.Values, residual.Values);
        }

        final = Matrix.Reuse(final, rows, d);
        residual.Values.CopyTo(final.Values);
        normalised = Matrix.Reuse(normalised, rows, d);
        Model.NormOut.Forward(final, context).Values.CopyTo(normalised.Values);
        logits = Matrix.Reuse(logits, rows, Model.Config.Vocabulary);
        Dense.Forward(Model.Head, normalised, logits);
        return logits;
    }

    /// <summary>Back-propagates dLoss/dLogits of the last <see cref="Forward"/> into <see cref="Gradients"/> (every parameter overwritten).</summary>
    public void Backward(Matrix outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        int rows = tokens.Length, d = Model.Config.Width;
        if (rows == 0 || outputGradient.Rows != rows || outputGradient.Cols != Model.Config.Vocabulary)
        {
            throw new ArgumentException($"The logits gradient must be {rows}×{Model.Config.Vocabulary}, matching the last forward pass.", nameof(outputGradient));
        }

        gradient = Matrix.Reuse(gradient, rows, d);
        normGradient = Matrix.Reuse(normGradient, rows, d);
        valueFirstGradient = Matrix.Reuse(valueFirstGradient, rows, d);
        valueFirstGradient.Values.Clear();
        Dense.Backward(Model.Head, normalised, outputGradient, Of(Model.Head.Weight), normGradient);
        LayerNormBackward.Run(Model.NormOut, final, normGradient, Of(Model.NormOut.Gain), Of(Model.NormOut.Bias), gradient);
        for (int l = timeMixes.Length - 1; l >= 0; l--)
        {
            var block = Model.Blocks[l];
            var dFeedForward = channelMixes[l].Backward(gradient, gradients);
            LayerNormBackward.Run(block.Norm2, blockMiddles[l], dFeedForward, Of(block.Norm2.Gain), Of(block.Norm2.Bias), normGradient);
            TensorPrimitives.Add(gradient.Values, normGradient.Values, gradient.Values);
            var dAttention = timeMixes[l].Backward(gradient, valueFirstGradient, gradients);
            LayerNormBackward.Run(block.Norm1, blockInputs[l], dAttention, Of(block.Norm1.Gain), Of(block.Norm1.Bias), normGradient);
            TensorPrimitives.Add(gradient.Values, normGradient.Values, gradient.Values);
        }

        LayerNormBackward.Run(Model.Norm0, embedded, gradient, Of(Model.Norm0.Gain), Of(Model.Norm0.Bias), normGradient);
        EmbeddingBackward.Run(Model.Embedding, tokens, normGradient, Of(Model.Embedding.Table));
    }

    /// <summary>
    /// The mean next-token cross-entropy (nats) of <paramref name="sequences"/> (row-major windows of
    /// <paramref name="sequenceSteps"/> + 1 tokens: each predicts its tokens 1..T from 0..T−1) and its gradient in <see cref="Gradients"/>.
    /// </summary>
    public double LossAndGradients(ReadOnlySpan<int> sequences, int sequenceSteps)
    {
        int window = sequenceSteps + 1;
        if (sequenceSteps < 1 || sequences.Length == 0 || sequences.Length % window != 0)
        {
            throw new ArgumentException($"The sequences must be whole windows of {window} tokens, got {sequences.Length} tokens.", nameof(sequences));
        }

        int count = sequences.Length / window;
        var inputs = new int[count * sequenceSteps];
        var targets = new int[count * sequenceSteps];
        for (int s = 0; s < count; s++)
        {
            sequences.Slice(s * window, sequenceSteps).CopyTo(inputs.AsSpan(s * sequenceSteps));
            sequences.Slice((s * window) + 1, sequenceSteps).CopyTo(targets.AsSpan(s * sequenceSteps));
        }

        var output = Forward(inputs, sequenceSteps);
        logitsGradient = Matrix.Reuse(logitsGradient, output.Rows, output.Cols);
        double loss = SoftmaxCrossEntropy.Run(output, targets, logitsGradient);
        Backward(logitsGradient);
        return loss;
    }

    private float[] Of(Parameter parameter) => gradients[parameter.Id];
}
