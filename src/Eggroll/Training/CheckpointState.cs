using System.Text.Json.Nodes;

namespace Eggroll.Training;

/// <summary>The JSON half of a checkpoint (<c>state.json</c>): where the run stands and how it was configured.</summary>
public sealed record CheckpointState
{
    /// <summary>The format tag this version writes.</summary>
    public const string CurrentFormat = "eggroll-checkpoint/1";

    /// <summary>Format tag; must equal <see cref="CurrentFormat"/>.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>Epochs completed.</summary>
    public long Epoch { get; init; }

    /// <summary>Optimiser steps taken.</summary>
    public long OptimizerSteps { get; init; }

    /// <summary>The trainer's options (seed, evolution, optimiser).</summary>
    public TrainerOptions Options { get; init; } = new();

    /// <summary>The tensors file beside this one.</summary>
    public string TensorsFile { get; init; } = "";

    /// <summary>Lower-case hex SHA-256 of the tensors file.</summary>
    public string TensorsSha256 { get; init; } = "";

    /// <summary>Free-form description of the run (e.g. the CLI's whole config), stored as given.</summary>
    public JsonNode? Run { get; init; }
}
