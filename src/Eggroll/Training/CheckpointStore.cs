using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;

namespace Eggroll.Training;

/// <summary>
/// Saves and restores a <see cref="Trainer"/>. A checkpoint directory holds
/// <c>state.json</c> and the safetensors file it names. The tensors file is written first
/// under a new name, then <c>state.json</c> is replaced atomically: a crash at any point
/// leaves the previous checkpoint intact. Loading verifies the SHA-256 of the tensors and
/// every shape before anything is changed.
/// </summary>
public static class CheckpointStore
{
    /// <summary>Name of the state file inside a checkpoint directory.</summary>
    public const string StateFileName = CheckpointFiles.StateFileName;

    private const string ParameterPrefix = "parameters.";
    private const string OptimizerPrefix = "optimizer.";
    private const string ObjectivePrefix = "objective.";

    /// <summary>Writes the trainer's current state to <paramref name="directory"/> (created if needed).</summary>
    public static void Save(string directory, Trainer trainer, JsonNode? run = null)
    {
        var tensors = new List<TensorData>();
        foreach (var entry in trainer.Model.Parameters.Entries)
        {
            var p = entry.Parameter;
            int[] shape = p.Kind == Population.ParameterKind.Vector ? [p.Cols] : [p.Rows, p.Cols];
            tensors.Add(new TensorData(ParameterPrefix + entry.Name, shape, p.Value));
        }

        foreach (var (name, values) in trainer.Optimizer.StateTensors())
        {
            tensors.Add(new TensorData(OptimizerPrefix + name, [values.Length], values));
        }

        foreach (var (name, values) in ObjectiveState(trainer))
        {
            tensors.Add(new TensorData(ObjectivePrefix + name, [values.Length], values));
        }

        CheckpointFiles.Save(
            directory,
            trainer.Epoch,
            stream => SafeTensors.Write(stream, tensors, new Dictionary<string, string> { ["format"] = CheckpointState.CurrentFormat }),
            (tensorsFile, sha256) =>
            {
                var state = new CheckpointState
                {
                    Epoch = trainer.Epoch,
                    OptimizerSteps = trainer.Optimizer.StepCount,
                    Options = trainer.Options,
                    TensorsFile = tensorsFile,
                    TensorsSha256 = sha256,
                    Run = run?.DeepClone(),
                };
                return stream => JsonSerializer.Serialize(stream, state, JsonDefaults.Options);
            });
    }

    /// <summary>Reads and verifies the checkpoint in <paramref name="directory"/>; throws <see cref="CheckpointException"/> naming the problem.</summary>
    public static Checkpoint Load(string directory)
    {
        string statePath = Path.Combine(directory, StateFileName);
        if (!File.Exists(statePath))
        {
            throw new CheckpointException($"{statePath}: no checkpoint state file found.");
        }

        CheckpointState state;
        try
        {
            state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(statePath), JsonDefaults.Options)
                ?? throw new CheckpointException($"{statePath}: file is empty.");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{statePath}: not a valid checkpoint state ({e.Message}).", e);
        }

        if (state.Format != CheckpointState.CurrentFormat)
        {
            throw new CheckpointException($"{statePath}: format '{state.Format}' is not supported (expected '{CheckpointState.CurrentFormat}').");
        }

        if (string.IsNullOrEmpty(state.TensorsFile) || Path.GetFileName(state.TensorsFile) != state.TensorsFile)
        {
            throw new CheckpointException($"{statePath}: field tensorsFile must name a file in the checkpoint directory, got '{state.TensorsFile}'.");
        }

        string tensorsPath = Path.Combine(directory, state.TensorsFile);
        if (!File.Exists(tensorsPath))
        {
            throw new CheckpointException($"{tensorsPath}: tensors file named by {StateFileName} is missing.");
        }

        string actual = FileHash.Sha256(tensorsPath);
        if (!string.Equals(actual, state.TensorsSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new CheckpointException($"{tensorsPath}: SHA-256 {actual} does not match {state.TensorsSha256} recorded in {StateFileName}; the file is truncated, corrupt or was modified.");
        }

        try
        {
            return new Checkpoint(directory, state, SafeTensors.Read(tensorsPath));
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointException(e.Message, e);
        }
    }

    /// <summary>
    /// Puts the trainer exactly where the checkpoint left off: parameters, optimiser state, the
    /// objective's state (when it implements <see cref="ICheckpointedState"/>) and epoch. The trainer's options must equal the checkpoint's. Nothing is changed unless every
    /// tensor is present with the right size.
    /// </summary>
    public static void Restore(Trainer trainer, Checkpoint checkpoint)
    {
        string where = Path.Combine(checkpoint.Directory, checkpoint.State.TensorsFile);
        string saved = JsonSerializer.Serialize(checkpoint.State.Options, JsonDefaults.Compact);
        string current = JsonSerializer.Serialize(trainer.Options, JsonDefaults.Compact);
        if (saved != current)
        {
            throw new CheckpointException($"{Path.Combine(checkpoint.Directory, StateFileName)}: the checkpoint was written with options {saved} but this run uses {current}; resume with the checkpoint's options.");
        }

        var targets = trainer.Model.Parameters.Entries.Select(e => (ParameterPrefix + e.Name, e.Parameter.Value))
            .Concat(trainer.Optimizer.StateTensors().Select(s => (OptimizerPrefix + s.Name, s.Values)))
            .Concat(ObjectiveState(trainer).Select(s => (ObjectivePrefix + s.Name, s.Values)))
            .ToList();
        foreach (var (name, destination) in targets)
        {
            if (!checkpoint.Tensors.TryGetValue(name, out var tensor))
            {
                throw new CheckpointException($"{where}: tensor '{name}' is missing; the checkpoint belongs to another model.");
            }

            if (tensor.Values.Length != destination.Length)
            {
                throw new CheckpointException($"{where}: tensor '{name}' has {tensor.Values.Length} values, the model needs {destination.Length}.");
            }
        }

        foreach (var (name, destination) in targets)
        {
            checkpoint.Tensors[name].Values.CopyTo(destination, 0);
        }

        trainer.Optimizer.RestoreStepCount(checkpoint.State.OptimizerSteps);
        trainer.RestoreEpoch(checkpoint.State.Epoch);
    }

    private static IEnumerable<(string Name, float[] Values)> ObjectiveState(Trainer trainer) =>
        trainer.Objective is ICheckpointedState state ? state.StateTensors() : [];
}
