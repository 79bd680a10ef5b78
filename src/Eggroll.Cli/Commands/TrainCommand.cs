using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Eggroll.Numerics;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll train</c>: trains an MLP on a built-in supervised task, or resumes such a run; <c>train rl</c> trains a policy.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var options = new ConfigOptions(
            ShortcutOptions.Evolution(new("--task", "task.name", "regression or rings (task.name)."), new SupervisedRunConfig()),
            "with the sections task, model, evolution, optimizer, training (fields not given keep their defaults)",
            "evolution.sigma=0.1",
            "only training.epochs, training.threads, training.checkpointEvery and training.validateEvery may change");
        var command = new Command("train", "Train a model with EGGROLL or OpenES (default: an MLP on a built-in regression task).");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var overrides = options.Overrides(parse);
            string? resume = options.ResumeDirectory(parse);
            return resume is null ? Start(parse.GetValue(options.Config), overrides, JobPlacement.Local) : Resume(resume, overrides, JobPlacement.Local);
        });
        command.Subcommands.Add(TrainRlCommand.Create());
        command.Subcommands.Add(Language.LmTrainCommand.Create());
        return command;
    }

    /// <summary>Fields a resumed run may change (they do not change its trajectory).</summary>
    public static readonly string[] ResumableFields = ["training.epochs", "training.threads", "training.checkpointEvery", "training.validateEvery"];

    /// <summary>Starts a new run from <paramref name="configPath"/> and <paramref name="overrides"/>, its job placed by <paramref name="placement"/>.</summary>
    public static int Start(string? configPath, List<string> overrides, JobPlacement placement)
    {
        var config = ConfigLoader.Load<SupervisedRunConfig>(configPath, overrides);
        string output = TrainingSession.OutputOf(config.Training.Output, new TrainingConfig().Output, config.Task.Name.ToString());
        TrainingSession.RequireFreshOutput(output, "training.output");
        config = config with { Training = config.Training with { Output = output } };
        return Train(config, checkpoint: null, placement);
    }

    /// <summary>Continues the run in <paramref name="runDirectory"/> from its checkpoint, its job placed by <paramref name="placement"/>.</summary>
    public static int Resume(string runDirectory, List<string> overrides, JobPlacement placement)
    {
        var (checkpoint, node) = TrainingSession.LoadForResume(runDirectory, overrides, ResumableFields);
        ConfigLoader.Apply(node, "training.output=" + JsonSerializer.Serialize(runDirectory));
        return Train(ConfigLoader.FromNode<SupervisedRunConfig>(node, checkpoint.StatePath), checkpoint, placement);
    }

    private static int Train(SupervisedRunConfig config, LoadedCheckpoint? checkpoint, JobPlacement placement)
    {
        string output = config.Training.Output;
        Parallelism.UseThreads(config.Training.Threads);
        var run = SupervisedRun.Create(config);
        var trainer = run.CreateTrainer();
        TrainingSession.Open(trainer, checkpoint, output, config);
        var job = placement.Place(trainer);

        Console.WriteLine($"task {config.Task.Name}: {run.Model.Parameters.ScalarCount} parameters, {config.Evolution.Strategy} (rank {config.Evolution.Rank}), population {config.Evolution.Population}, {Parallelism.MaxThreads} threads");
        Console.WriteLine($"before: {run.DescribeTestResult()}");
        var clock = Stopwatch.StartNew();
        var (result, exitCode) = TrainingSession.Run(job, output, config, placement, new RunLoopOptions
        {
            Epochs = config.Training.Epochs,
            CheckpointEvery = config.Training.CheckpointEvery,
            Validation = new SupervisedValidation(run.Model, run.Test),
            ValidateEvery = config.Training.ValidateEvery,
        });
        Console.WriteLine($"after:  {run.DescribeTestResult()}  ({result.EpochsCompleted} epochs, {clock.Elapsed.TotalSeconds:F1}s)");
        string png = Path.Combine(output, "learning-curve.png");
        MetricsPlot.SaveSupervised(TrainingSession.MetricsOf(output), $"{config.Task.Name}, {config.Evolution.Strategy} (N = {config.Evolution.Population}, σ = {config.Evolution.Sigma})", png);
        Console.WriteLine($"plot: {png}");
        return exitCode;
    }
}
