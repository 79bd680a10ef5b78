using System.Text.Json.Nodes;

namespace Eggroll.Training;

/// <summary>The JSON half of a checkpoint (<c>state.json</c>): which kind of run it is, where it stands, and how it was configured.</summary>
public sealed record RunCheckpointState
{
    /// <summary>The format tag this version writes and reads.</summary>
    public const string CurrentFormat = "eggroll-checkpoint/2";

    /// <summary>Format tag; must equal <see cref="CurrentFormat"/>.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>The run kind (<see cref="ITrainingJob.Kind"/>).</summary>
    public string Kind { get; init; } = "";

    /// <summary>Epochs completed.</summary>
    public long Epoch { get; init; }

    /// <summary>The tensors file beside this one.</summary>
    public string TensorsFile { get; init; } = "";

    /// <summary>Lower-case hex SHA-256 of the tensors file.</summary>
    public string TensorsSha256 { get; init; } = "";

    /// <summary>The job's own small state (<see cref="ITrainingJob.SaveState"/>).</summary>
    public JsonObject Job { get; init; } = [];

    /// <summary>Free-form description of the run (e.g. the CLI's whole config), stored as given.</summary>
    public JsonNode? Run { get; init; }
}
