namespace Eggroll.Training;

/// <summary>A checkpoint read from disk and verified (format, SHA-256 of the tensors, tensor file structure).</summary>
/// <param name="Directory">Where it was read from.</param>
/// <param name="State">The JSON state.</param>
/// <param name="Tensors">The tensors by name.</param>
public sealed record LoadedCheckpoint(string Directory, RunCheckpointState State, CheckpointTensors Tensors)
{
    /// <summary>The path of its <c>state.json</c>, for messages.</summary>
    public string StatePath => Path.Combine(Directory, RunCheckpoint.StateFileName);
}
