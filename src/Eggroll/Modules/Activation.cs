using System.Numerics.Tensors;
using Eggroll.Numerics;

namespace Eggroll.Modules;

/// <summary>An element-wise non-linearity; it has no parameters.</summary>
public sealed class Activation : ILayer
{
    private Matrix? output;

    /// <summary>Creates the activation over rows of <paramref name="size"/> values.</summary>
    public Activation(ActivationKind kind, int size)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");
        }

        Kind = kind;
        InputSize = size;
    }

    /// <summary>Which non-linearity.</summary>
    public ActivationKind Kind { get; }

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public int OutputSize => InputSize;

    /// <inheritdoc/>
    public IEnumerable<NamedParameter> NamedParameters() => [];

    /// <inheritdoc/>
    public Matrix Forward(Matrix input, ForwardContext context)
    {
        output = Matrix.Reuse(output, input.Rows, input.Cols);
        Apply(Kind, input.Values, output.Values);
        return output;
    }

    /// <summary>Writes <paramref name="kind"/>(<paramref name="source"/>) into <paramref name="destination"/>.</summary>
    public static void Apply(ActivationKind kind, ReadOnlySpan<float> source, Span<float> destination)
    {
        switch (kind)
        {
            case ActivationKind.Relu:
                TensorPrimitives.Max(source, 0f, destination);
                break;
            case ActivationKind.Tanh:
                TensorPrimitives.Tanh(source, destination);
                break;
            default:
                TensorPrimitives.Sigmoid(source, destination);
                TensorPrimitives.Multiply(source, destination, destination);
                break;
        }
    }
}
