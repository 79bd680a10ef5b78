namespace Eggroll.Training;

/// <summary>
/// One kind of training run as the <see cref="RunLoop"/> sees it: a state that advances one epoch at a time
/// and can be saved and restored exactly. Every run kind (supervised and RL evolution, integer language
/// models, gradient baselines) implements this one contract, so they share the loop, the metrics, the
/// checkpoints and the signal handling. An epoch is a pure function of the state and the epoch index: a
/// restored job continues bit for bit.
/// </summary>
public interface ITrainingJob
{
    /// <summary>The run kind written to each checkpoint (e.g. "supervised", "rl", "egg-lm"); a checkpoint restores only into a job of the same kind.</summary>
    string Kind { get; }

    /// <summary>Epochs completed; the next <see cref="RunEpoch"/> runs epoch <c>Epoch + 1</c> (1-based).</summary>
    long Epoch { get; }

    /// <summary>Runs the next epoch and returns what it did.</summary>
    IEpochReport RunEpoch();

    /// <summary>
    /// The live arrays a checkpoint saves and restores (parameters, optimiser slots, any other state), each
    /// under a stable name; their lengths never change during the job's life.
    /// </summary>
    IReadOnlyList<StateTensor> StateTensors();

    /// <summary>The small state beside the tensors (counters, and the options a resume must match), as JSON.</summary>
    System.Text.Json.Nodes.JsonObject SaveState();

    /// <summary>
    /// Puts the job back where a checkpoint left it: checks <paramref name="state"/> against this job's
    /// options, copies <paramref name="tensors"/> into <see cref="StateTensors"/> and sets the epoch. Nothing
    /// changes unless everything matches.
    /// </summary>
    /// <exception cref="CheckpointException">The checkpoint belongs to another configuration or model; the message names the difference.</exception>
    void Restore(long epoch, System.Text.Json.Nodes.JsonObject state, CheckpointTensors tensors);

    /// <summary>
    /// Why the last epoch left the run unable to continue (e.g. "parameter 'w' is NaN or infinite", "every member's
    /// score was NaN or infinite"), or null when it is healthy. The <see cref="RunLoop"/> stops without saving such a state.
    /// </summary>
    string? DescribeDivergence();
}
