using System.Numerics.Tensors;
using Eggroll.Numerics;

namespace Eggroll.Models.Backward;

/// <summary>The backward pass of <see cref="Linear"/> (y = x·Wᵀ + b), on the library's GEMM.</summary>
public static class LinearBackward
{
    /// <summary>
    /// From dY (rows×out) and the layer's input X (rows×in) writes dW = dYᵀ·X, db = Σ_rows dY and,
    /// when <paramref name="inputGradient"/> is given, dX = dY·W. Gradients are overwritten, not accumulated.
    /// </summary>
    public static void Run(Linear layer, Matrix input, Matrix outputGradient, Span<float> weightGradient, Span<float> biasGradient, Matrix? inputGradient)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputGradient);
        int rows = input.Rows, inputs = layer.InputSize, outputs = layer.OutputSize;
        if (input.Cols != inputs || outputGradient.Cols != outputs || outputGradient.Rows != rows)
        {
            throw new ArgumentException($"Linear {inputs}→{outputs} backward got an input {input.Rows}×{input.Cols} and an output gradient {outputGradient.Rows}×{outputGradient.Cols}.", nameof(outputGradient));
        }

        Gemm.Multiply(Transpose.Yes, Transpose.No, outputs, inputs, rows, 1f, outputGradient.Data, outputs, input.Data, inputs, 0f, weightGradient, inputs);
        if (layer.Bias is not null)
        {
            ColumnSums(outputGradient, biasGradient);
        }

        if (inputGradient is not null)
        {
            Gemm.Multiply(Transpose.No, Transpose.No, rows, inputs, outputs, 1f, outputGradient.Data, outputs, layer.Weight.Value, inputs, 0f, inputGradient.Data, inputs);
        }
    }

    /// <summary>Writes the sum over rows of <paramref name="matrix"/> into <paramref name="sums"/>, row by row in order.</summary>
    internal static void ColumnSums(Matrix matrix, Span<float> sums)
    {
        sums[..matrix.Cols].Clear();
        for (int i = 0; i < matrix.Rows; i++)
        {
            TensorPrimitives.Add(sums[..matrix.Cols], matrix.Row(i), sums[..matrix.Cols]);
        }
    }
}
