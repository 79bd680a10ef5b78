using System.Text.Json.Nodes;

namespace Eggroll.Training;

/// <summary>How long a <see cref="RunLoop"/> trains and what it records.</summary>
public sealed record RunLoopOptions
{
    /// <summary>The epoch the run stops at, in total: a resumed job runs only the epochs still missing.</summary>
    public long Epochs { get; init; } = 100;

    /// <summary>Stop after this much wall time of this invocation (checked between epochs), or null for no limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>JSONL file receiving one record per epoch (see <see cref="MetricsLog"/>), or null.</summary>
    public string? MetricsPath { get; init; }

    /// <summary>Checkpoint directory, or null for none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Save a checkpoint every this many epochs (0: only at the end); always at the end and when stopped.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Held-out evaluation, or null.</summary>
    public IValidation? Validation { get; init; }

    /// <summary>Run the validation every this many epochs (by 1-based epoch number) and after the last epoch.</summary>
    public int ValidateEvery { get; init; } = 100;

    /// <summary>Description of the run stored in each checkpoint (e.g. the whole config).</summary>
    public JsonNode? Run { get; init; }
}
