using Eggroll.Numerics;

namespace Eggroll.Models.Backward.Rwkv;

/// <summary>A bias-free <see cref="Linear"/> applied to a whole sequence batch (y = x·Wᵀ) and its backward pass, on the library's GEMM.</summary>
internal static class Dense
{
    /// <summary>Writes x·Wᵀ into <paramref name="output"/> (rows×out).</summary>
    public static void Forward(Linear layer, Matrix input, Matrix output)
    {
        int inputs = layer.InputSize, outputs = layer.OutputSize;
        Gemm.Multiply(Transpose.No, Transpose.Yes, input.Rows, outputs, inputs, 1f, input.Data, inputs, layer.Weight.Value, inputs, 0f, output.Data, outputs);
    }

    /// <summary>
    /// Writes dW = dYᵀ·X into <paramref name="weightGradient"/> and dX = dY·W into <paramref name="inputGradient"/>,
    /// added to what is there when <paramref name="accumulate"/> is set.
    /// </summary>
    public static void Backward(Linear layer, Matrix input, Matrix outputGradient, float[] weightGradient, Matrix inputGradient, bool accumulate = false)
    {
        int rows = input.Rows, inputs = layer.InputSize, outputs = layer.OutputSize;
        Gemm.Multiply(Transpose.Yes, Transpose.No, outputs, inputs, rows, 1f, outputGradient.Data, outputs, input.Data, inputs, 0f, weightGradient, inputs);
        Gemm.Multiply(Transpose.No, Transpose.No, rows, inputs, outputs, 1f, outputGradient.Data, outputs, layer.Weight.Value, inputs, accumulate ? 1f : 0f, inputGradient.Data, inputs);
    }
}
