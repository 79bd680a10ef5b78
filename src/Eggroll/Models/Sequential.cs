using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models;

/// <summary>Layers applied one after another; parameters are named "index.name".</summary>
public sealed class Sequential : ILayer
{
    private readonly ILayer[] layers;

    /// <summary>Chains <paramref name="layers"/>; each layer's input size must equal the previous output size.</summary>
    public Sequential(params ILayer[] layers)
    {
        if (layers.Length == 0)
        {
            throw new ArgumentException("A sequential model needs at least one layer.", nameof(layers));
        }

        for (int i = 1; i < layers.Length; i++)
        {
            if (layers[i].InputSize != layers[i - 1].OutputSize)
            {
                throw new ArgumentException($"Layer {i} expects {layers[i].InputSize} inputs but layer {i - 1} outputs {layers[i - 1].OutputSize}.", nameof(layers));
            }
        }

        this.layers = layers;
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<ILayer> Layers => layers;

    /// <inheritdoc/>
    public int InputSize => layers[0].InputSize;

    /// <inheritdoc/>
    public int OutputSize => layers[^1].OutputSize;

    /// <inheritdoc/>
    public IEnumerable<NamedParameter> NamedParameters() =>
        layers.SelectMany((layer, i) => layer.NamedParameters().Select(p => p with { Name = $"{i}.{p.Name}" }));

    /// <inheritdoc/>
    public Matrix Forward(Matrix input, ForwardContext context)
    {
        var x = input;
        foreach (var layer in layers)
        {
            x = layer.Forward(x, context);
        }

        return x;
    }
}
