using System.Numerics.Tensors;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models;

/// <summary>Per-row normalisation to zero mean and unit variance, then a per-feature gain and bias (both vectors).</summary>
public sealed class LayerNorm : ILayer
{
    private Matrix? output;
    private float[] gain = [];
    private float[] shift = [];

    /// <summary>Creates the norm over rows of <paramref name="size"/> values; gain starts at 1, bias at 0.</summary>
    public LayerNorm(int size, float epsilon = 1e-5f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Gain = Parameter.Vector("gain", size);
        Array.Fill(Gain.Value, 1f);
        Bias = Parameter.Vector("bias", size);
        Epsilon = epsilon;
    }

    /// <summary>The per-feature gain.</summary>
    public Parameter Gain { get; }

    /// <summary>The per-feature bias.</summary>
    public Parameter Bias { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    public int InputSize => Gain.Count;

    /// <inheritdoc/>
    public int OutputSize => Gain.Count;

    /// <inheritdoc/>
    public IEnumerable<NamedParameter> NamedParameters()
    {
        yield return new("gain", Gain);
        yield return new("bias", Bias);
    }

    /// <inheritdoc/>
    public Matrix Forward(Matrix input, ForwardContext context)
    {
        int size = InputSize;
        output = Matrix.Reuse(output, input.Rows, size);
        if (gain.Length != size)
        {
            gain = new float[size];
            shift = new float[size];
        }

        var rows = context.Rows;
        for (int t = 0; t < rows.MemberCount; t++)
        {
            context.VectorForMember(Gain, t, gain);
            context.VectorForMember(Bias, t, shift);
            for (int i = rows.Start(t); i < rows.End(t); i++)
            {
                var x = input.Row(i);
                var y = output.Row(i);
                float mean = TensorPrimitives.Sum(x) / size;
                TensorPrimitives.Subtract(x, mean, y);
                float variance = TensorPrimitives.SumOfSquares(y) / size;
                TensorPrimitives.Multiply(y, 1f / MathF.Sqrt(variance + Epsilon), y);
                TensorPrimitives.MultiplyAdd(y, gain, shift, y);
            }
        }

        return output;
    }
}
