using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models;

/// <summary>
/// A layer that maps a population batch (rows×InputSize) to rows×OutputSize. The whole
/// population goes through one call; rows are tagged with their member by the
/// <see cref="ForwardContext"/>. The returned matrix belongs to the layer (an in-place
/// layer such as <see cref="Activation"/> returns its input) and stays valid until the
/// layer's next <see cref="Forward"/> call.
/// </summary>
public interface ILayer
{
    /// <summary>Width of each input row.</summary>
    int InputSize { get; }

    /// <summary>Width of each output row.</summary>
    int OutputSize { get; }

    /// <summary>The layer's parameters with names local to the layer ("weight", "0.bias").</summary>
    IEnumerable<NamedParameter> NamedParameters();

    /// <summary>Runs the batch <paramref name="input"/> through the layer.</summary>
    Matrix Forward(Matrix input, ForwardContext context);
}
