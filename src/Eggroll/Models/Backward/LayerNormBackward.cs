using Eggroll.Numerics;

namespace Eggroll.Models.Backward;

/// <summary>The backward pass of <see cref="LayerNorm"/>: y = g·x̂ + b with x̂ = (x − μ)/√(σ² + ε) per row.</summary>
public static class LayerNormBackward
{
    /// <summary>
    /// From dY and the norm's input X writes dGain = Σ_rows dY·x̂, dBias = Σ_rows dY and, when given,
    /// dX = (1/√(σ²+ε))·(d − mean(d) − x̂·mean(d·x̂)) with d = g·dY. Gradients are overwritten.
    /// </summary>
    public static void Run(LayerNorm layer, Matrix input, Matrix outputGradient, Span<float> gainGradient, Span<float> biasGradient, Matrix? inputGradient)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputGradient);
        int size = layer.InputSize;
        if (input.Cols != size || outputGradient.Cols != size || outputGradient.Rows != input.Rows)
        {
            throw new ArgumentException($"LayerNorm({size}) backward got an input {input.Rows}×{input.Cols} and an output gradient {outputGradient.Rows}×{outputGradient.Cols}.", nameof(outputGradient));
        }

        gainGradient[..size].Clear();
        biasGradient[..size].Clear();
        var normalized = new float[size];
        var scaled = new float[size];
        var gain = layer.Gain.Value;
        for (int i = 0; i < input.Rows; i++)
        {
            NormalizationBackward.Group(
                input.Row(i), outputGradient.Row(i), gain, layer.Epsilon, gainGradient, biasGradient,
                inputGradient is null ? [] : inputGradient.Row(i), normalized, scaled);
        }
    }
}
