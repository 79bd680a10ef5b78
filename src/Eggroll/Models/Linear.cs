using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models;

/// <summary>
/// y = x·Wᵀ + b with W (out×in). The unperturbed product is one matrix product over all rows
/// of all members; each member's perturbation is then added to its own rows.
/// </summary>
public sealed class Linear : ILayer
{
    private Matrix? output;

    /// <summary>Creates the layer with weights ~ U(−1/√in, 1/√in) drawn from <paramref name="random"/>, and a zero bias.</summary>
    public Linear(int inputSize, int outputSize, Random random, bool bias = true)
    {
        Weight = new Parameter("weight", ParameterKind.Matrix, outputSize, inputSize);
        Bias = bias ? Parameter.Vector("bias", outputSize) : null;
        float bound = 1f / MathF.Sqrt(inputSize);
        for (int i = 0; i < Weight.Count; i++)
        {
            Weight.Value[i] = (float)((random.NextDouble() * 2 - 1) * bound);
        }
    }

    /// <summary>The weight matrix W, out×in.</summary>
    public Parameter Weight { get; }

    /// <summary>The bias vector, or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public int InputSize => Weight.Cols;

    /// <inheritdoc/>
    public int OutputSize => Weight.Rows;

    /// <inheritdoc/>
    public IEnumerable<NamedParameter> NamedParameters()
    {
        yield return new("weight", Weight);
        if (Bias is not null)
        {
            yield return new("bias", Bias);
        }
    }

    /// <inheritdoc/>
    public Matrix Forward(Matrix input, ForwardContext context)
    {
        if (input.Cols != InputSize)
        {
            throw new ArgumentException($"Linear layer expects {InputSize} input features, got {input.Cols}.", nameof(input));
        }

        output = Matrix.Reuse(output, input.Rows, OutputSize);
        context.LinearForward(Weight, Bias, input, output);
        return output;
    }
}
