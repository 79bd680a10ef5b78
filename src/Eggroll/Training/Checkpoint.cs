using Eggroll.IO;

namespace Eggroll.Training;

/// <summary>A checkpoint read from disk and verified: its state and its tensors by name.</summary>
/// <param name="Directory">Where it was read from.</param>
/// <param name="State">The JSON state.</param>
/// <param name="Tensors">Parameters ("parameters.NAME") and optimiser state ("optimizer.SLOT.NAME") and objective state ("objective.NAME").</param>
public sealed record Checkpoint(string Directory, CheckpointState State, IReadOnlyDictionary<string, TensorData> Tensors);
