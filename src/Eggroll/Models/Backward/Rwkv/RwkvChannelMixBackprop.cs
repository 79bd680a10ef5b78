using System.Numerics.Tensors;
using Eggroll.Models.Rwkv;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models.Backward.Rwkv;

/// <summary>
/// Forward and backward passes of one <see cref="RwkvChannelMix"/> (W_v · relu(W_k (x + xx⊙μ_k))²) over a batch of
/// whole sequences (row = sequence·steps + t), unperturbed, keeping what the backward needs.
/// </summary>
public sealed class RwkvChannelMixBackprop
{
    private readonly RwkvChannelMix mix;
    private readonly Matrix[] mixed = new Matrix[1];
    private readonly Matrix[] mixedGradients = new Matrix[1];
    private readonly Parameter[] mus;
    private int steps;
    private Matrix difference = null!, preActivation = null!, activation = null!, output = null!;
    private Matrix activationGradient = null!, inputGradient = null!;

    /// <summary>Prepares passes through <paramref name="channelMix"/>.</summary>
    public RwkvChannelMixBackprop(RwkvChannelMix channelMix)
    {
        ArgumentNullException.ThrowIfNull(channelMix);
        mix = channelMix;
        mus = [mix.MixK];
    }

    /// <summary>Runs the ln2 outputs <paramref name="x"/> (rows×D, sequences of <paramref name="sequenceSteps"/> rows) through the channel mix; the output belongs to this object.</summary>
    public Matrix Forward(Matrix x, int sequenceSteps)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (sequenceSteps < 1 || x.Rows % sequenceSteps != 0)
        {
            throw new ArgumentException($"The channel mix needs whole sequences of {sequenceSteps} steps, got {x.Rows} rows.", nameof(x));
        }

        int rows = x.Rows, d = x.Cols, f = mix.Key.OutputSize;
        steps = sequenceSteps;
        difference = Matrix.Reuse(difference, rows, d);
        mixed[0] = Matrix.Reuse(mixed[0], rows, d);
        mixedGradients[0] = Matrix.Reuse(mixedGradients[0], rows, d);
        preActivation = Matrix.Reuse(preActivation, rows, f);
        activation = Matrix.Reuse(activation, rows, f);
        activationGradient = Matrix.Reuse(activationGradient, rows, f);
        output = Matrix.Reuse(output, rows, d);
        inputGradient = Matrix.Reuse(inputGradient, rows, d);
        SequenceShift.Difference(x, steps, difference);
        SequenceShift.Mix(x, difference, mix.MixK.Value, mixed[0]);
        Dense.Forward(mix.Key, mixed[0], preActivation);
        TensorPrimitives.Max(preActivation.Values, 0f, activation.Values);
        TensorPrimitives.Multiply(activation.Values, activation.Values, activation.Values);
        Dense.Forward(mix.Value, activation, output);
        return output;
    }

    /// <summary>Back-propagates dLoss/dOutput of the last <see cref="Forward"/>; writes the parameter gradients (by id, overwritten) and returns dLoss/dx, owned by this object.</summary>
    public Matrix Backward(Matrix outputGradient, IReadOnlyList<float[]> gradients)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        ArgumentNullException.ThrowIfNull(gradients);
        if (outputGradient.Rows != output.Rows || outputGradient.Cols != output.Cols)
        {
            throw new ArgumentException($"The output gradient must be {output.Rows}×{output.Cols}, matching the last forward pass.", nameof(outputGradient));
        }

        Dense.Backward(mix.Value, activation, outputGradient, gradients[mix.Value.Weight.Id], activationGradient);
        var da = activationGradient.Values;
        var z = preActivation.Values;
        for (int j = 0; j < da.Length; j++)
        {
            da[j] *= 2 * MathF.Max(z[j], 0f);
        }

        Dense.Backward(mix.Key, mixed[0], activationGradient, gradients[mix.Key.Weight.Id], mixedGradients[0]);
        SequenceShift.Backward(steps, difference, mus, mixedGradients, gradients, inputGradient);
        return inputGradient;
    }
}
