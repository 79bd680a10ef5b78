using Eggroll.Population;

namespace Eggroll.Models.Rwkv;

/// <summary>
/// How one official checkpoint tensor maps onto a model parameter. Matrices used as x·W in the reference
/// (the w1/w2, a1/a2, v1/v2, g1/g2 adapters, stored [in, out]) are held transposed, as out×in like every
/// other matrix here, so the strategy perturbs them through the same y = x·(W + σE)ᵀ path.
/// </summary>
/// <param name="Key">The official key, e.g. "blocks.0.att.w1".</param>
/// <param name="Shape">The official shape, e.g. [D, Dw].</param>
/// <param name="Parameter">The parameter holding the values.</param>
/// <param name="Transposed">True when the parameter holds the transpose of the checkpoint matrix.</param>
public sealed record RwkvTensor(string Key, int[] Shape, Parameter Parameter, bool Transposed = false)
{
    /// <summary>A [1, 1, D] vector such as a token-shift mix or a bias added before a sigmoid.</summary>
    public static RwkvTensor Vector(string key, Parameter parameter) => new(key, [1, 1, parameter.Count], parameter);

    /// <summary>A norm's weight or bias, shape [D].</summary>
    public static RwkvTensor Flat(string key, Parameter parameter) => new(key, [parameter.Count], parameter);

    /// <summary>A torch Linear weight [out, in], held as is.</summary>
    public static RwkvTensor Linear(string key, Linear layer) => new(key, [layer.OutputSize, layer.InputSize], layer.Weight);

    /// <summary>An adapter matrix [in, out] used as x·W, held transposed.</summary>
    public static RwkvTensor Adapter(string key, Linear layer) => new(key, [layer.InputSize, layer.OutputSize], layer.Weight, Transposed: true);

    /// <summary>Copies <paramref name="source"/> (checkpoint layout, row-major) into the parameter.</summary>
    public void CopyFrom(ReadOnlySpan<float> source) => Copy(source, Parameter.Value);

    /// <summary>The parameter's values in checkpoint layout.</summary>
    public float[] CheckpointValues()
    {
        var values = new float[Parameter.Count];
        if (Transposed)
        {
            Transpose(Parameter.Value, Parameter.Rows, Parameter.Cols, values);
        }
        else
        {
            Parameter.Value.CopyTo(values, 0);
        }

        return values;
    }

    private void Copy(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (Transposed)
        {
            Transpose(source, Shape[0], Shape[1], destination);
        }
        else
        {
            source.CopyTo(destination);
        }
    }

    private static void Transpose(ReadOnlySpan<float> source, int rows, int cols, Span<float> destination)
    {
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                destination[j * rows + i] = source[i * cols + j];
            }
        }
    }
}
