using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models.Backward;

/// <summary>
/// Forward and backward passes of a <see cref="Sequential"/> of <see cref="Linear"/>, <see cref="Activation"/>
/// and <see cref="LayerNorm"/> layers (an <see cref="Mlp"/>, for instance), for gradient training. The forward
/// runs the layers' own code without population noise and keeps a copy of each layer's input; the backward
/// walks the layers in reverse and writes one gradient array per parameter, in the order of
/// <see cref="Sequential.NamedParameters"/>.
/// </summary>
public sealed class SequentialBackprop
{
    private readonly ILayer[] layers;
    private readonly int[] firstParameter;
    private readonly Matrix?[] inputs;
    private Matrix? gradient;
    private Matrix? nextGradient;

    /// <summary>Prepares passes through <paramref name="network"/>; every layer must be of a supported type.</summary>
    public SequentialBackprop(Sequential network)
    {
        ArgumentNullException.ThrowIfNull(network);
        layers = [.. network.Layers];
        firstParameter = new int[layers.Length];
        int count = 0;
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is not (Linear or Activation or LayerNorm))
            {
                throw new ArgumentException($"Layer {i} is a {layers[i].GetType().Name}; backprop supports Linear, Activation and LayerNorm.", nameof(network));
            }

            firstParameter[i] = count;
            count += layers[i].NamedParameters().Count();
        }

        inputs = new Matrix?[layers.Length];
        Network = network;
        Gradients = network.NamedParameters().Select(p => new float[p.Parameter.Count]).ToArray();
    }

    /// <summary>The network.</summary>
    public Sequential Network { get; }

    /// <summary>dLoss/dθ of the last <see cref="Backward"/>, one array per parameter in the network's parameter order.</summary>
    public IReadOnlyList<float[]> Gradients { get; }

    /// <summary>Runs <paramref name="input"/> through the network, keeping what the backward pass needs. The output belongs to the network.</summary>
    public Matrix Forward(Matrix input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = ForwardContext.Unperturbed(input.Rows);
        var x = input;
        for (int i = 0; i < layers.Length; i++)
        {
            inputs[i] = Matrix.Reuse(inputs[i], x.Rows, x.Cols);
            x.Values.CopyTo(inputs[i]!.Values);
            x = layers[i].Forward(x, context);
        }

        return x;
    }

    /// <summary>
    /// Back-propagates dLoss/dOutput of the last <see cref="Forward"/> into <see cref="Gradients"/> (overwritten)
    /// and returns dLoss/dInput, which belongs to this object.
    /// </summary>
    public Matrix Backward(Matrix outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (inputs[0] is not { } first || outputGradient.Rows != first.Rows || outputGradient.Cols != Network.OutputSize)
        {
            throw new ArgumentException($"The output gradient must be {inputs[0]?.Rows ?? 0}×{Network.OutputSize}, matching the last forward pass.", nameof(outputGradient));
        }

        gradient = Matrix.Reuse(gradient, outputGradient.Rows, outputGradient.Cols);
        outputGradient.Values.CopyTo(gradient.Values);
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            var input = inputs[i]!;
            nextGradient = Matrix.Reuse(nextGradient, input.Rows, input.Cols);
            int p = firstParameter[i];
            switch (layers[i])
            {
                case Linear linear:
                    LinearBackward.Run(linear, input, gradient, Gradients[p], linear.Bias is null ? [] : Gradients[p + 1], nextGradient);
                    break;
                case LayerNorm norm:
                    LayerNormBackward.Run(norm, input, gradient, Gradients[p], Gradients[p + 1], nextGradient);
                    break;
                case Activation activation:
                    ActivationBackward.Run(activation.Kind, input.Values, gradient.Values, nextGradient.Values);
                    break;
            }

            (gradient, nextGradient) = (nextGradient, gradient);
        }

        return gradient;
    }
}
