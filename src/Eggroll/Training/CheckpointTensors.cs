using Eggroll.IO;

namespace Eggroll.Training;

/// <summary>The tensors of a checkpoint read from disk, and the one way to copy them into a job's live state.</summary>
public sealed class CheckpointTensors
{
    private readonly IReadOnlyDictionary<string, RawTensor> tensors;
    private readonly string where;

    /// <summary>Wraps <paramref name="tensors"/> read from the file <paramref name="where"/> (named in errors).</summary>
    public CheckpointTensors(IReadOnlyDictionary<string, RawTensor> tensors, string where)
    {
        this.tensors = tensors;
        this.where = where;
    }

    /// <summary>The tensors by name.</summary>
    public IReadOnlyDictionary<string, RawTensor> ByName => tensors;

    /// <summary>
    /// Copies the tensor of each of <paramref name="targets"/>' names into it, after checking that every one
    /// is present with the same dtype and shape; nothing is copied unless all match.
    /// </summary>
    /// <exception cref="CheckpointException">A tensor is missing or differs; the message names it and the file.</exception>
    public void CopyInto(IReadOnlyList<StateTensor> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        foreach (var target in targets)
        {
            if (!tensors.TryGetValue(target.Name, out var tensor))
            {
                throw new CheckpointException($"{where}: tensor '{target.Name}' is missing; the checkpoint belongs to another model.");
            }

            if (tensor.DType != target.DType || !tensor.Shape.SequenceEqual(target.Shape))
            {
                throw new CheckpointException($"{where}: tensor '{target.Name}' is {tensor.DType} [{string.Join(", ", tensor.Shape)}], this model needs {target.DType} [{string.Join(", ", target.Shape)}].");
            }
        }

        foreach (var target in targets)
        {
            target.Load(tensors[target.Name]);
        }
    }
}
