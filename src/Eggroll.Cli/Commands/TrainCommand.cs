using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.Cli.Config;
using Eggroll.Evolution;
using Eggroll.IO;
using Eggroll.Numerics;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll train</c>: trains an MLP on a built-in supervised task, or resumes such a run.</summary>
internal static class TrainCommand
{
    private static readonly string[] ResumableFields = ["training.epochs", "training.threads", "training.checkpointEvery"];

    public static Command Create()
    {
        var configOption = new Option<string?>("--config") { Description = "JSON config file (fields not given keep their defaults)." };
        var setOption = new Option<string[]>("--set") { Description = "Override a config field, e.g. --set evolution.sigma=0.1 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var resumeOption = new Option<string?>("--resume") { Description = "Continue the run in this directory from its checkpoint, bit for bit." };
        var shortcuts = new ShortcutOptions();
        var command = new Command("train", "Train a model with EGGROLL or OpenES (default: an MLP on a built-in regression task).");
        command.Options.Add(configOption);
        command.Options.Add(setOption);
        command.Options.Add(resumeOption);
        shortcuts.AddTo(command);
        command.Subcommands.Add(Language.LmTrainCommand.Create());
        command.SetAction(parse =>
        {
            var overrides = (parse.GetValue(setOption) ?? []).Concat(shortcuts.Assignments(parse)).ToList();
            string? resume = parse.GetValue(resumeOption);
            return resume is null ? Start(parse.GetValue(configOption), overrides) : Resume(resume, overrides);
        });
        return command;
    }

    private static int Start(string? configPath, List<string> overrides)
    {
        var config = ConfigLoader.Load(configPath, overrides);
        if (config.Training.Output == new TrainingConfig().Output)
        {
            string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
            config = config with { Training = config.Training with { Output = $"runs/{config.Task.Name.ToString().ToLowerInvariant()}-{stamp}" } };
        }

        string output = config.Training.Output;
        if (File.Exists(Path.Combine(output, "checkpoint", CheckpointStore.StateFileName)))
        {
            throw new ConfigException("training.output", $"{output} already holds a checkpoint; continue it with --resume {output} or choose another output directory.");
        }

        Directory.CreateDirectory(output);
        AtomicFile.Write(Path.Combine(output, "config.json"), s => JsonSerializer.Serialize(s, config, JsonDefaults.Options));
        File.Delete(Path.Combine(output, "metrics.jsonl"));
        return Train(config, output, checkpoint: null);
    }

    private static int Resume(string runDirectory, List<string> overrides)
    {
        string checkpointDirectory = Path.Combine(runDirectory, "checkpoint");
        var checkpoint = CheckpointStore.Load(checkpointDirectory);
        string statePath = Path.Combine(checkpointDirectory, CheckpointStore.StateFileName);
        if (checkpoint.State.Run is not JsonObject stored)
        {
            throw new CheckpointException($"{statePath}: the checkpoint has no run config to resume from.");
        }

        var node = stored.DeepClone().AsObject();
        foreach (string assignment in overrides)
        {
            string field = assignment.Split('=')[0].Trim();
            if (!ResumableFields.Contains(field))
            {
                throw new ConfigException(field, $"cannot change when resuming; only {string.Join(", ", ResumableFields)} can.");
            }

            ConfigLoader.Apply(node, assignment);
        }

        var original = ConfigLoader.FromNode(stored, statePath);
        var changed = ConfigLoader.FromNode(node, "resume options").Training;
        var config = original with
        {
            Training = original.Training with { Epochs = changed.Epochs, Threads = changed.Threads, CheckpointEvery = changed.CheckpointEvery, Output = runDirectory },
        };
        return Train(config, runDirectory, checkpoint);
    }

    private static int Train(RunConfig config, string output, Checkpoint? checkpoint)
    {
        Parallelism.MaxThreads = config.Training.Threads > 0 ? config.Training.Threads : Environment.ProcessorCount;
        var run = SupervisedRun.Create(config);
        var trainer = new Trainer(run.Model, run.Objective, run.TrainerOptions);
        if (checkpoint is not null)
        {
            CheckpointStore.Restore(trainer, checkpoint);
            Console.WriteLine($"resumed {output} at epoch {trainer.Epoch}");
        }

        Console.WriteLine($"task {config.Task.Name}: {run.Model.Parameters.ScalarCount} parameters, {config.Evolution.Strategy} (rank {config.Evolution.Rank}), population {config.Evolution.Population}, {Parallelism.MaxThreads} threads");
        Console.WriteLine($"before: {run.DescribeTestResult()}");
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var progress = new ProgressReporter(config.Training.Epochs);
        var clock = Stopwatch.StartNew();
        TrainingResult result;
        try
        {
            result = TrainingLoop.Run(
                trainer,
                new TrainingLoopOptions
                {
                    Epochs = config.Training.Epochs,
                    MetricsPath = Path.Combine(output, "metrics.jsonl"),
                    CheckpointDirectory = Path.Combine(output, "checkpoint"),
                    CheckpointEvery = config.Training.CheckpointEvery,
                    Run = JsonSerializer.SerializeToNode(config, JsonDefaults.Options),
                },
                progress.Report,
                cancellation.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            progress.Finish();
        }

        Console.WriteLine($"after:  {run.DescribeTestResult()}  ({result.EpochsCompleted} epochs, {clock.Elapsed.TotalSeconds:F1}s)");
        Console.WriteLine($"checkpoint: {Path.Combine(output, "checkpoint")}   metrics: {Path.Combine(output, "metrics.jsonl")}");
        if (result.Interrupted)
        {
            Console.WriteLine($"interrupted at epoch {result.EpochsCompleted}; continue with: eggroll train --resume {output}");
            return ExitCodes.Interrupted;
        }

        return ExitCodes.Success;
    }
}
