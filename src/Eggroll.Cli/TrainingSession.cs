using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Training;

namespace Eggroll.Cli;

/// <summary>What every <c>eggroll train</c> verb shares: the run directory, resuming, and the run loop with progress and signals.</summary>
internal static class TrainingSession
{
    /// <summary>The checkpoint directory of a run directory.</summary>
    public static string CheckpointOf(string runDirectory) => Path.Combine(runDirectory, "checkpoint");

    /// <summary>The metrics file of a run directory.</summary>
    public static string MetricsOf(string runDirectory) => Path.Combine(runDirectory, "metrics.jsonl");

    /// <summary>The output directory named by <paramref name="output"/>, or runs/<paramref name="name"/>-TIMESTAMP when it is the default.</summary>
    public static string OutputOf(string output, string defaultOutput, string name)
    {
        if (output != defaultOutput)
        {
            return output;
        }

        string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return $"runs/{name.ToLowerInvariant()}-{stamp}";
    }

    /// <summary>Refuses an output directory that already holds a checkpoint (checked before anything is built or written).</summary>
    public static void RequireFreshOutput(string output, string field)
    {
        if (RunCheckpoint.Exists(CheckpointOf(output)))
        {
            throw new ConfigException(field, $"{output} already holds a checkpoint; continue it with --resume {output} or choose another output directory.");
        }

        if (File.Exists(output))
        {
            throw new ConfigException(field, $"{output} is a file, not a directory.");
        }
    }

    /// <summary>
    /// Prepares <paramref name="runDirectory"/> for <paramref name="job"/>, which is already built (so bad input has written
    /// nothing): a new run gets a fresh directory with <c>config.json</c>; a resumed one is restored from <paramref name="checkpoint"/>.
    /// </summary>
    public static void Open<T>(ITrainingJob job, LoadedCheckpoint? checkpoint, string runDirectory, T config)
    {
        if (checkpoint is null)
        {
            CreateRunDirectory(runDirectory, config);
        }
        else
        {
            Restore(job, checkpoint, runDirectory);
        }
    }

    /// <summary>Creates a fresh run directory holding <c>config.json</c>.</summary>
    private static void CreateRunDirectory<T>(string output, T config)
    {
        Directory.CreateDirectory(output);
        AtomicFile.Write(Path.Combine(output, "config.json"), s => JsonSerializer.Serialize(s, config, JsonDefaults.Options));
        File.Delete(MetricsOf(output));
    }

    /// <summary>
    /// Loads the checkpoint of <paramref name="runDirectory"/> and returns its run config with the
    /// overrides applied (only <paramref name="resumable"/> fields may change).
    /// </summary>
    public static (LoadedCheckpoint Checkpoint, JsonObject Run) LoadForResume(string runDirectory, IEnumerable<string> overrides, IReadOnlyCollection<string> resumable)
    {
        var checkpoint = RunCheckpoint.Load(CheckpointOf(runDirectory));
        if (checkpoint.State.Run is not JsonObject stored)
        {
            throw new CheckpointException($"{checkpoint.StatePath}: the checkpoint has no run config to resume from.");
        }

        var node = stored.DeepClone().AsObject();
        ConfigLoader.ApplyOnResume(node, overrides, resumable);
        return (checkpoint, node);
    }

    /// <summary>
    /// Loads the checkpoint of a run for evaluation: <paramref name="path"/> is a run directory or its checkpoint
    /// directory; the checkpoint must be of <paramref name="kind"/> (or of <paramref name="otherKind"/>, when given) and hold its run config.
    /// </summary>
    public static (LoadedCheckpoint Checkpoint, JsonObject Run) LoadForEvaluation(string path, string kind, string verb, string? otherKind = null)
    {
        string directory = RunCheckpoint.Exists(path) ? path : CheckpointOf(path);
        var checkpoint = RunCheckpoint.Load(directory);
        if (checkpoint.State.Kind != kind && checkpoint.State.Kind != otherKind)
        {
            throw new CheckpointException($"{checkpoint.StatePath}: a checkpoint of a '{checkpoint.State.Kind}' run, not of eggroll {verb} ('{kind}').");
        }

        if (checkpoint.State.Run is not JsonObject stored)
        {
            throw new CheckpointException($"{checkpoint.StatePath}: the checkpoint has no run config, so the model cannot be rebuilt.");
        }

        return (checkpoint, stored);
    }

    /// <summary>Restores <paramref name="job"/> from <paramref name="checkpoint"/>, naming the checkpoint in any error.</summary>
    private static void Restore(ITrainingJob job, LoadedCheckpoint checkpoint, string runDirectory)
    {
        try
        {
            RunCheckpoint.Restore(job, checkpoint);
        }
        catch (CheckpointException e) when (!e.Message.StartsWith(checkpoint.Directory, StringComparison.Ordinal))
        {
            throw new CheckpointException($"{checkpoint.StatePath}: {e.Message}", e);
        }

        Console.WriteLine($"resumed {runDirectory} at epoch {job.Epoch}");
    }

    /// <summary>
    /// Runs <paramref name="job"/> with metrics and checkpoints in <paramref name="runDirectory"/>, progress on the console,
    /// and SIGINT / SIGTERM turned into a checkpoint and exit code 130 / 143.
    /// </summary>
    /// <returns>The loop's result and the process exit code.</returns>
    public static (RunResult Result, int ExitCode) Run<T>(ITrainingJob job, string runDirectory, T config, RunLoopOptions options) =>
        Run(job, runDirectory, config, JobPlacement.Local, options);

    /// <summary>
    /// As <see cref="Run{T}(ITrainingJob, string, T, RunLoopOptions)"/> for a job placed by <paramref name="placement"/>: when
    /// the placement is lost the run stops after the current epoch, saves its checkpoint and throws the placement's error.
    /// </summary>
    public static (RunResult Result, int ExitCode) Run<T>(ITrainingJob job, string runDirectory, T config, JobPlacement placement, RunLoopOptions options)
    {
        FailureLog.RunDirectory = runDirectory;
        using var signals = new StopSignals();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(signals.Token, placement.Lost);
        var progress = new ProgressReporter();
        RunResult result;
        try
        {
            result = RunLoop.Run(
                job,
                options with
                {
                    MetricsPath = MetricsOf(runDirectory),
                    CheckpointDirectory = CheckpointOf(runDirectory),
                    Run = JsonSerializer.SerializeToNode(config, JsonDefaults.Options),
                },
                progress.Report,
                stop.Token);
        }
        finally
        {
            progress.Finish();
        }

        Console.WriteLine($"checkpoint: {CheckpointOf(runDirectory)} (epoch {result.EpochsCompleted})   metrics: {MetricsOf(runDirectory)}");
        if (signals.Received is null)
        {
            placement.ThrowIfLost();
        }

        if (result.Interrupted)
        {
            Console.WriteLine($"interrupted by {signals.Received}; continue with --resume {runDirectory}");
            return (result, signals.ExitCode);
        }

        return (result, ExitCodes.Success);
    }
}
