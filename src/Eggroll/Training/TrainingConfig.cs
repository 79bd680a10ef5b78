namespace Eggroll.Training;

/// <summary>Run length, seed, threads and where results go.</summary>
public sealed record TrainingConfig
{
    /// <summary>Total epochs.</summary>
    public int Epochs { get; init; } = 1000;

    /// <summary>Run seed: data, initial weights and all noise derive from it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Checkpoint every this many epochs (0: only at the end).</summary>
    public int CheckpointEvery { get; init; } = 200;

    /// <summary>Evaluate on the test set (or, for RL, nothing) every this many epochs and after the last; written to metrics.jsonl.</summary>
    public int ValidateEvery { get; init; } = 50;

    /// <summary>Run directory: config.json, metrics.jsonl and checkpoint/ are written there.</summary>
    public string Output { get; init; } = "runs/default";

    /// <summary>Worker threads; 0 uses every core. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        ConfigChecks.InRange(Epochs, 1, int.MaxValue, "training.epochs");
        ConfigChecks.InRange(CheckpointEvery, 0, int.MaxValue, "training.checkpointEvery");
        ConfigChecks.InRange(Threads, 0, 1024, "training.threads");
        ConfigChecks.InRange(ValidateEvery, 1, int.MaxValue, "training.validateEvery");
        if (string.IsNullOrWhiteSpace(Output))
        {
            throw new ConfigException("training.output", "must name a directory.");
        }
    }
}
