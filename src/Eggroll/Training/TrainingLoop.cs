using System.Text.Json;
using Eggroll.IO;

namespace Eggroll.Training;

/// <summary>Runs a <see cref="Trainer"/> for a number of epochs with metrics, checkpoints and clean cancellation.</summary>
public static class TrainingLoop
{
    /// <summary>
    /// Trains until <see cref="TrainingLoopOptions.Epochs"/> epochs are complete or
    /// <paramref name="cancellation"/> fires (checked between epochs; a checkpoint is then saved).
    /// </summary>
    public static TrainingResult Run(Trainer trainer, TrainingLoopOptions options, Action<EpochMetrics>? onEpoch = null, CancellationToken cancellation = default)
    {
        if (options.MetricsPath is { } metricsPath)
        {
            DropMetricsAfter(metricsPath, trainer.Epoch);
        }

        EpochMetrics? last = null;
        bool interrupted = false;
        while (trainer.Epoch < options.Epochs)
        {
            if (cancellation.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }

            last = trainer.RunEpoch();
            if (options.MetricsPath is { } path)
            {
                File.AppendAllText(path, JsonSerializer.Serialize(last, JsonDefaults.Compact) + "\n");
            }

            onEpoch?.Invoke(last);
            bool due = options.CheckpointEvery > 0 && trainer.Epoch % options.CheckpointEvery == 0;
            if (due && trainer.Epoch < options.Epochs)
            {
                Save(trainer, options);
            }
        }

        Save(trainer, options);
        return new TrainingResult(trainer.Epoch, interrupted, last);
    }

    private static void Save(Trainer trainer, TrainingLoopOptions options)
    {
        if (options.CheckpointDirectory is { } directory)
        {
            CheckpointStore.Save(directory, trainer, options.Run);
        }
    }

    /// <summary>Removes lines of epochs after <paramref name="epoch"/>, left by a run that stopped after its last checkpoint.</summary>
    private static void DropMetricsAfter(string path, long epoch)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var kept = File.ReadLines(path).Where(line => EpochOf(line) is { } e && e <= epoch).ToList();
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            foreach (string line in kept)
            {
                writer.Write(line);
                writer.Write('\n');
            }
        });
    }

    private static long? EpochOf(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("epoch", out var e) && e.TryGetInt64(out long value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
