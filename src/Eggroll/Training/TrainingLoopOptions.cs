using System.Text.Json.Nodes;

namespace Eggroll.Training;

/// <summary>How long to train and what to record along the way.</summary>
public sealed record TrainingLoopOptions
{
    /// <summary>Total epochs of the run; a resumed trainer runs only the ones still missing.</summary>
    public long Epochs { get; init; } = 100;

    /// <summary>JSONL file receiving one line of <see cref="EpochMetrics"/> per epoch, or null.</summary>
    public string? MetricsPath { get; init; }

    /// <summary>Checkpoint directory, or null for none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Save a checkpoint every this many epochs (0: only at the end); always at the end and when cancelled.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Description of the run stored in each checkpoint.</summary>
    public JsonNode? Run { get; init; }
}
