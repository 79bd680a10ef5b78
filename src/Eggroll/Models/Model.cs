using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models;

/// <summary>A layer together with its <see cref="ParameterSet"/>: the unit that is trained, checkpointed and evaluated.</summary>
public sealed class Model
{
    /// <summary>Wraps <paramref name="root"/>; extra parameters (e.g. an <see cref="Embedding"/> used by an objective) may be added.</summary>
    public Model(ILayer root, IEnumerable<NamedParameter>? extraParameters = null)
    {
        Root = root;
        Parameters = new ParameterSet(root.NamedParameters().Concat(extraParameters ?? []));
    }

    /// <summary>The layer run by <see cref="Forward"/>.</summary>
    public ILayer Root { get; }

    /// <summary>All parameters, ids assigned in order.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Runs the batch through the model.</summary>
    public Matrix Forward(Matrix input, ForwardContext context) => Root.Forward(input, context);
}
