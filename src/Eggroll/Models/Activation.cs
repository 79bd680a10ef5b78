using System.Numerics.Tensors;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models;

/// <summary>
/// An element-wise non-linearity; it has no parameters. Evolution strategies keep no
/// activations for a backward pass, so it works in place: <see cref="Forward"/> overwrites
/// its input and returns it, which halves the memory of wide population batches.
/// </summary>
public sealed class Activation : ILayer
{
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

    /// <summary>Applies the non-linearity to <paramref name="input"/> in place and returns it.</summary>
    public Matrix Forward(Matrix input, ForwardContext context)
    {
        if (input.Cols != InputSize)
        {
            throw new ArgumentException($"Activation expects rows of {InputSize} values, got {input.Cols}.", nameof(input));
        }

        Apply(Kind, input.Values, input.Values);
        return input;
    }

    /// <summary>Writes <paramref name="kind"/>(<paramref name="source"/>) into <paramref name="destination"/>, which may be the same span.</summary>
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
                Silu(source, destination);
                break;
        }
    }

    private static void Silu(ReadOnlySpan<float> source, Span<float> destination)
    {
        const int Chunk = 256;
        Span<float> gate = stackalloc float[Chunk];
        for (int start = 0; start < source.Length; start += Chunk)
        {
            int length = Math.Min(Chunk, source.Length - start);
            var x = source.Slice(start, length);
            TensorPrimitives.Sigmoid(x, gate[..length]);
            TensorPrimitives.Multiply(x, gate[..length], destination.Slice(start, length));
        }
    }
}
