using System.CommandLine;
using System.Diagnostics;
using Eggroll.Cli.Config;
using Eggroll.Evolution;
using Eggroll.IO;
using Eggroll.Numerics;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll train</c>: trains an MLP on a built-in supervised task, or resumes such a run; <c>train rl</c> trains a policy.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var options = new ConfigOptions(
            ShortcutOptions.Evolution(new("--task", "task.name", "regression or rings (task.name)."), new RunConfig()),
            "with the sections task, model, evolution, optimizer, training (fields not given keep their defaults)",
            "evolution.sigma=0.1",
            "only training.epochs, training.threads and training.checkpointEvery may change");
        var command = new Command("train", "Train a model with EGGROLL or OpenES (default: an MLP on a built-in regression task).");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var overrides = options.Overrides(parse);
            string? resume = options.ResumeDirectory(parse);
            return resume is null ? Start(parse.GetValue(options.Config), overrides) : Resume(resume, overrides);
        });
        command.Subcommands.Add(TrainRlCommand.Create());
        command.Subcommands.Add(Language.LmTrainCommand.Create());
        return command;
    }

    private static int Start(string? configPath, List<string> overrides)
    {
        var config = ConfigLoader.Load<RunConfig>(configPath, overrides);
        string output = TrainingSession.OutputOf(config.Training, config.Task.Name.ToString());
        config = config with { Training = config.Training with { Output = output } };
        TrainingSession.CreateRunDirectory(output, config);
        return Train(config, output, checkpoint: null);
    }

    private static int Resume(string runDirectory, List<string> overrides)
    {
        var (checkpoint, node, statePath) = TrainingSession.LoadForResume(runDirectory, overrides);
        return Train(ConfigLoader.FromNode<RunConfig>(node, statePath), runDirectory, checkpoint);
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
        var clock = Stopwatch.StartNew();
        var result = TrainingSession.Run(trainer, config.Training, output, config);
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
