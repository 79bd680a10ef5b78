using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Eggroll.Training;

/// <summary>
/// The one training loop of every run kind. It advances an <see cref="ITrainingJob"/> epoch by epoch until the
/// epoch or time limit, or until cancellation (checked between epochs); writes one metrics record per epoch
/// (<see cref="MetricsLog"/>), runs the validation every few epochs and after the last one, saves checkpoints
/// (<see cref="RunCheckpoint"/>) periodically and always when it stops, and refuses to save a state that has
/// diverged (parameters or every score NaN or ±∞).
/// </summary>
public static class RunLoop
{
    /// <summary>Trains <paramref name="job"/> as <paramref name="options"/> say, reporting each epoch to <paramref name="onEpoch"/>.</summary>
    /// <exception cref="ConfigException"><see cref="RunLoopOptions.Epochs"/> is not beyond the epochs the job has completed.</exception>
    /// <exception cref="TrainingDivergedException">An epoch left the job unable to continue (<see cref="ITrainingJob.DescribeDivergence"/>); nothing of that epoch was saved.</exception>
    public static RunResult Run(ITrainingJob job, RunLoopOptions options, Action<RunProgress>? onEpoch = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Epochs <= job.Epoch)
        {
            throw new ConfigException("epochs", $"{options.Epochs} is not beyond the {job.Epoch} epochs the run has completed; give a larger total to continue it.");
        }

        using var metrics = options.MetricsPath is { } path ? MetricsLog.Open(path, job.Epoch) : null;
        var clock = Stopwatch.StartNew();
        long first = job.Epoch;
        IEpochReport? last = null;
        ValidationReport? lastValidation = null;
        // The time and epoch limits are checked once per epoch, right after it, so the epoch that ends the run is the one
        // validated as the last; also before the first epoch (a run cancelled or out of time before it starts).
        var stop = StopReasonAfter(job, options, clock, cancellation);
        while (stop is null)
        {
            last = job.RunEpoch();
            if (job.DescribeDivergence() is { } diverged)
            {
                throw new TrainingDivergedException(last.Epoch, diverged);
            }

            stop = StopReasonAfter(job, options, clock, cancellation);
            bool isLast = stop is not null;
            ValidationReport? validation = null;
            if (options.Validation is { } validator && (isLast || last.Epoch % options.ValidateEvery == 0))
            {
                validation = lastValidation = validator.Validate();
            }

            metrics?.Append(Record(last, validation, clock.Elapsed));
            onEpoch?.Invoke(new RunProgress(last, validation, options.Epochs, clock.Elapsed, Remaining(options, clock, job.Epoch - first, job.Epoch), isLast));
            if (options.CheckpointEvery > 0 && job.Epoch % options.CheckpointEvery == 0 && !isLast)
            {
                Save(job, options);
            }

            // A stop requested while this epoch was validated, reported or saved ends the run now rather than after another epoch.
            if (stop is null && cancellation.IsCancellationRequested)
            {
                stop = StopReason.Cancelled;
            }
        }

        Save(job, options);
        return new RunResult(job.Epoch, stop.Value, last, lastValidation);
    }

    /// <summary>Why the run stops now (the epoch limit first, then cancellation, then the time limit), or null to go on.</summary>
    private static StopReason? StopReasonAfter(ITrainingJob job, RunLoopOptions options, Stopwatch clock, CancellationToken cancellation) =>
        job.Epoch >= options.Epochs ? StopReason.Completed
        : cancellation.IsCancellationRequested ? StopReason.Cancelled
        : OutOfTime(options, clock) ? StopReason.TimeLimit
        : null;

    private static bool OutOfTime(RunLoopOptions options, Stopwatch clock) => options.TimeLimit is { } limit && clock.Elapsed >= limit;

    private static void Save(ITrainingJob job, RunLoopOptions options)
    {
        if (options.CheckpointDirectory is { } directory)
        {
            RunCheckpoint.Save(directory, job, options.Run);
        }
    }

    private static JsonObject Record(IEpochReport report, ValidationReport? validation, TimeSpan elapsed)
    {
        var record = report.ToJson();
        foreach (var (name, value) in validation?.Values ?? [])
        {
            record[name] = JsonNumber(value);
        }

        record["elapsedSeconds"] = Math.Round(elapsed.TotalSeconds, 3);
        return record;
    }

    /// <summary>A finite number as itself, NaN and ±∞ as JSON null.</summary>
    internal static JsonNode? JsonNumber(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static TimeSpan Remaining(RunLoopOptions options, Stopwatch clock, long epochsRun, long epoch)
    {
        double perEpoch = clock.Elapsed.TotalSeconds / Math.Max(epochsRun, 1);
        var remaining = TimeSpan.FromSeconds(perEpoch * (options.Epochs - epoch));
        if (options.TimeLimit is { } limit)
        {
            var left = limit - clock.Elapsed;
            remaining = left < remaining ? (left < TimeSpan.Zero ? TimeSpan.Zero : left) : remaining;
        }

        return remaining;
    }
}
