using System.Text.Json;
using Eggroll.IO;

namespace Eggroll.Training;

/// <summary>
/// The one checkpoint writer and reader of every run kind. A checkpoint directory holds <c>state.json</c>
/// (<see cref="RunCheckpointState"/>: format, kind, epoch, the job's small state, the run's config, and the
/// name and SHA-256 of the tensors file) and <c>tensors-&lt;epoch&gt;.safetensors</c> with the job's
/// <see cref="ITrainingJob.StateTensors"/>. The tensors are written first under a new name, then
/// <c>state.json</c> is replaced atomically, so a crash at any point leaves the previous checkpoint intact;
/// temporary files left by a crash are removed by the next save.
/// </summary>
public static class RunCheckpoint
{
    /// <summary>Name of the state file inside a checkpoint directory.</summary>
    public const string StateFileName = CheckpointFiles.StateFileName;

    /// <summary>Writes <paramref name="job"/>'s current state to <paramref name="directory"/> (created if needed).</summary>
    public static void Save(string directory, ITrainingJob job, System.Text.Json.Nodes.JsonNode? run = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        var tensors = job.StateTensors().Select(t => t.Snapshot()).ToList();
        var jobState = job.SaveState();
        CheckpointFiles.Save(
            directory,
            job.Epoch,
            stream => SafeTensors.WriteRaw(stream, tensors, new Dictionary<string, string> { ["format"] = RunCheckpointState.CurrentFormat, ["kind"] = job.Kind }),
            (tensorsFile, sha256) =>
            {
                var state = new RunCheckpointState
                {
                    Kind = job.Kind,
                    Epoch = job.Epoch,
                    TensorsFile = tensorsFile,
                    TensorsSha256 = sha256,
                    Job = jobState,
                    Run = run?.DeepClone(),
                };
                return stream => JsonSerializer.Serialize(stream, state, JsonDefaults.Options);
            });
    }

    /// <summary>True when <paramref name="directory"/> holds a checkpoint state file.</summary>
    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, StateFileName));

    /// <summary>Reads and verifies the checkpoint in <paramref name="directory"/>.</summary>
    /// <exception cref="CheckpointException">There is none, or it is damaged; the message names the file and the problem.</exception>
    public static LoadedCheckpoint Load(string directory)
    {
        string statePath = Path.Combine(directory, StateFileName);
        if (!File.Exists(statePath))
        {
            throw new CheckpointException($"{statePath}: no checkpoint state file found.");
        }

        RunCheckpointState state;
        try
        {
            state = JsonSerializer.Deserialize<RunCheckpointState>(File.ReadAllText(statePath), JsonDefaults.Options)
                ?? throw new CheckpointException($"{statePath}: file is empty.");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{statePath}: not a valid checkpoint state ({e.Message}).", e);
        }

        if (state.Format != RunCheckpointState.CurrentFormat)
        {
            throw new CheckpointException($"{statePath}: format '{state.Format}' is not supported (expected '{RunCheckpointState.CurrentFormat}').");
        }

        if (string.IsNullOrEmpty(state.TensorsFile) || Path.GetFileName(state.TensorsFile) != state.TensorsFile)
        {
            throw new CheckpointException($"{statePath}: field tensorsFile must name a file in the checkpoint directory, got '{state.TensorsFile}'.");
        }

        if (state.Epoch < 0)
        {
            throw new CheckpointException($"{statePath}: field epoch must be ≥ 0, got {state.Epoch}.");
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
            return new LoadedCheckpoint(directory, state, new CheckpointTensors(SafeTensors.ReadRaw(tensorsPath), tensorsPath));
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointException($"{tensorsPath}: {e.Message}", e);
        }
    }

    /// <summary>Puts <paramref name="job"/> exactly where <paramref name="checkpoint"/> left off; nothing changes unless kind, options and every tensor match.</summary>
    /// <exception cref="CheckpointException">The checkpoint is of another kind, configuration or model.</exception>
    public static void Restore(ITrainingJob job, LoadedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.State.Kind != job.Kind)
        {
            throw new CheckpointException($"{checkpoint.StatePath}: the checkpoint is of a '{checkpoint.State.Kind}' run, not '{job.Kind}'.");
        }

        job.Restore(checkpoint.State.Epoch, checkpoint.State.Job, checkpoint.Tensors);
    }
}
