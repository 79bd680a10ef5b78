using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Models.Egg;
using Eggroll.Tasks.Language;

namespace Eggroll.Cli.Language;

/// <summary>The loop of <c>eggroll train lm</c>: epochs, validation, JSONL metrics, checkpoints, Ctrl-C.</summary>
internal static class LmTraining
{
    public static int Run(LmRunConfig config, string output, EggModel model, long epoch)
    {
        var corpus = ByteCorpus.Load(config.Data);
        var trainer = new EggTrainer(model, corpus.Train, config.Training, epoch);
        var run = JsonSerializer.SerializeToNode(config, JsonDefaults.Options)!;
        string metricsPath = Path.Combine(output, "metrics.jsonl");
        string checkpoint = Path.Combine(output, "checkpoint");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"EGG {config.Model.Layers}×{config.Model.Width}: {model.WeightCount:N0} int8 weights; population {config.Training.Population}, {config.Training.SequencesPerPair} × {config.Training.SequenceLength} bytes per pair; train {corpus.Train.Length:N0} bytes, validation {corpus.Validation.Length:N0}; {Numerics.Parallelism.MaxThreads} threads"));
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var clock = Stopwatch.StartNew();
        try
        {
            using var metrics = new StreamWriter(metricsPath, append: true);
            while (trainer.Epoch < config.Epochs && !cancellation.IsCancellationRequested
                   && (config.Minutes <= 0 || clock.Elapsed.TotalMinutes < config.Minutes))
            {
                var step = trainer.Step();
                bool last = trainer.Epoch >= config.Epochs || (config.Minutes > 0 && clock.Elapsed.TotalMinutes >= config.Minutes);
                double? validation = step.Epoch % config.ValidateEvery == 0 || last
                    ? EggTrainer.BitsPerByte(model, corpus.Validation, config.ValidationLength, config.ValidationBytes)
                    : null;
                var line = new JsonObject
                {
                    ["epoch"] = step.Epoch,
                    ["trainBitsPerByte"] = Math.Round(step.TrainBitsPerByte, 5),
                    ["validationBitsPerByte"] = validation is { } v ? Math.Round(v, 5) : null,
                    ["alpha"] = step.Alpha,
                    ["activePairs"] = step.ActivePairs,
                    ["fractionChanged"] = step.FractionChanged,
                    ["tokens"] = step.Tokens,
                    ["tokensPerSecond"] = Math.Round(step.TokensPerSecond),
                    ["seconds"] = Math.Round(step.Seconds, 4),
                    ["elapsedSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2),
                };
                metrics.WriteLine(line.ToJsonString());
                if (validation is not null)
                {
                    metrics.Flush();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {step.Epoch,6}  train {step.TrainBitsPerByte:F4}  validation {validation:F4} bits/byte  changed {step.FractionChanged:P3}  {step.TokensPerSecond:N0} tokens/s  {clock.Elapsed.TotalSeconds:F0}s"));
                }

                if (trainer.Epoch % config.CheckpointEvery == 0)
                {
                    EggCheckpoint.Save(checkpoint, model, trainer.Epoch, run);
                }
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        EggCheckpoint.Save(checkpoint, model, trainer.Epoch, run);
        Console.WriteLine($"checkpoint: {checkpoint} (epoch {trainer.Epoch})   metrics: {metricsPath}");
        if (cancellation.IsCancellationRequested)
        {
            Console.WriteLine($"interrupted; continue with: eggroll train lm --resume {output}");
            return ExitCodes.Interrupted;
        }

        return ExitCodes.Success;
    }
}
