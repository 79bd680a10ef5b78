using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.Cli.Config;
using Eggroll.IO;
using Eggroll.Training;

namespace Eggroll.Cli;

/// <summary>What every <c>eggroll train</c> flavour shares: the run directory, resuming, and the loop with progress and Ctrl-C.</summary>
internal static class TrainingSession
{
    private static readonly string[] ResumableFields = ["training.epochs", "training.threads", "training.checkpointEvery"];

    /// <summary>The output directory named by <paramref name="training"/>, or runs/<paramref name="name"/>-TIMESTAMP when it is the default.</summary>
    public static string OutputOf(TrainingConfig training, string name)
    {
        if (training.Output != new TrainingConfig().Output)
        {
            return training.Output;
        }

        string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return $"runs/{name.ToLowerInvariant()}-{stamp}";
    }

    /// <summary>Creates a fresh run directory holding <c>config.json</c>; refuses one that already holds a checkpoint.</summary>
    public static void CreateRunDirectory<T>(string output, T config)
    {
        if (File.Exists(Path.Combine(output, "checkpoint", CheckpointStore.StateFileName)))
        {
            throw new ConfigException("training.output", $"{output} already holds a checkpoint; continue it with --resume {output} or choose another output directory.");
        }

        Directory.CreateDirectory(output);
        AtomicFile.Write(Path.Combine(output, "config.json"), s => JsonSerializer.Serialize(s, config, JsonDefaults.Options));
        File.Delete(Path.Combine(output, "metrics.jsonl"));
    }

    /// <summary>
    /// Loads the checkpoint of <paramref name="runDirectory"/> and returns its run config with the
    /// overrides applied (only epochs, threads and the checkpoint period may change) and the output set to the run directory.
    /// </summary>
    public static (Checkpoint Checkpoint, JsonObject Run, string StatePath) LoadForResume(string runDirectory, IEnumerable<string> overrides)
    {
        string checkpointDirectory = Path.Combine(runDirectory, "checkpoint");
        var checkpoint = CheckpointStore.Load(checkpointDirectory);
        string statePath = Path.Combine(checkpointDirectory, CheckpointStore.StateFileName);
        if (checkpoint.State.Run is not JsonObject stored)
        {
            throw new CheckpointException($"{statePath}: the checkpoint has no run config to resume from.");
        }

        var node = stored.DeepClone().AsObject();
        ConfigLoader.ApplyOnResume(node, overrides, ResumableFields);
        ConfigLoader.Apply(node, "training.output=" + JsonValue.Create(runDirectory).ToJsonString());
        return (checkpoint, node, statePath);
    }

    /// <summary>Trains until <paramref name="training"/>'s epochs are done or Ctrl-C / SIGTERM arrives, with metrics, checkpoints and progress.</summary>
    public static TrainingResult Run<T>(Trainer trainer, TrainingConfig training, string output, T config)
    {
        using var cancellation = new CancellationTokenSource();
        Action<PosixSignalContext> stop = signal =>
        {
            signal.Cancel = true;
            cancellation.Cancel();
        };
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, stop);
        var progress = new ProgressReporter(training.Epochs);
        try
        {
            return TrainingLoop.Run(
                trainer,
                new TrainingLoopOptions
                {
                    Epochs = training.Epochs,
                    MetricsPath = Path.Combine(output, "metrics.jsonl"),
                    CheckpointDirectory = Path.Combine(output, "checkpoint"),
                    CheckpointEvery = training.CheckpointEvery,
                    Run = JsonSerializer.SerializeToNode(config, JsonDefaults.Options),
                },
                progress.Report,
                cancellation.Token);
        }
        finally
        {
            progress.Finish();
        }
    }
}
