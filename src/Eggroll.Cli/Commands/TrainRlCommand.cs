using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Eggroll.Cli.Rl;
using Eggroll.IO;
using Eggroll.Numerics;
using Eggroll.Tasks.Rl;
using Eggroll.Training;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll train rl</c>: trains an MLP policy on a built-in environment, or resumes such a run.</summary>
internal static class TrainRlCommand
{
    private static readonly string DefaultEnvironment = new RlEnvironmentConfig().Name;

    public static Command Create()
    {
        var options = new ConfigOptions(
            ShortcutOptions.Evolution(
                new("--env", "env.name", $"Environment (env.name): {Eggroll.Tasks.Rl.EnvironmentRegistry.Names}; the other defaults depend on it.", Text: true, Default: DefaultEnvironment),
                RlDefaults.For(DefaultEnvironment),
                $" for {DefaultEnvironment}",
                new Shortcut("--method", "method", "eggroll (the evolution section's strategy) or ppo (gradients, CleanRL's defaults; the ppo section) (method).")),
            "with method and the sections env, model, evolution, ppo, optimizer, training (fields not given keep the environment's defaults)",
            "env.episodesPerMember=4",
            "only training.epochs, training.threads, training.checkpointEvery and training.validateEvery may change");
        var command = new Command("rl", "Train a policy on a Gymnasium-style environment with EGGROLL, OpenES or PPO; writes metrics.jsonl, learning-curve.png, checkpoint/ and eval.json.");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var overrides = options.Overrides(parse);
            string? resume = options.ResumeDirectory(parse);
            if (resume is null)
            {
                return Start(parse.GetValue(options.Config), overrides, JobPlacement.Local);
            }

            return Resume(resume, overrides, JobPlacement.Local);
        });
        return command;
    }

    /// <summary>Continues the run in <paramref name="runDirectory"/> from its checkpoint, its job placed by <paramref name="placement"/>.</summary>
    public static int Resume(string runDirectory, List<string> overrides, JobPlacement placement)
    {
        var (checkpoint, node) = TrainingSession.LoadForResume(runDirectory, overrides, TrainCommand.ResumableFields);
        ConfigLoader.Apply(node, "training.output=" + JsonSerializer.Serialize(runDirectory));
        return Train(ConfigLoader.FromNode<RlRunConfig>(node, checkpoint.StatePath), checkpoint, placement);
    }

    /// <summary>Starts a new run from <paramref name="configPath"/> and <paramref name="overrides"/>, its job placed by <paramref name="placement"/>.</summary>
    public static int Start(string? configPath, List<string> overrides, JobPlacement placement)
    {
        var config = RlConfigLoader.Load(configPath, overrides);
        string output = TrainingSession.OutputOf(config.Training.Output, new TrainingConfig().Output, config.Env.Name);
        TrainingSession.RequireFreshOutput(output, "training.output");
        config = config with { Training = config.Training with { Output = output } };
        return Train(config, checkpoint: null, placement);
    }

    private static int Train(RlRunConfig config, LoadedCheckpoint? checkpoint, JobPlacement placement)
    {
        string output = config.Training.Output;
        Parallelism.UseThreads(config.Training.Threads);
        var run = RlRun.Create(config);
        var trainer = run.CreateJob();
        TrainingSession.Open(trainer, checkpoint, output, config);
        var job = placement.Place(trainer);

        var evolution = config.Evolution;
        string method = config.Method == RlMethod.Ppo
            ? $"PPO, {config.Ppo.Envs} envs × {config.Ppo.Steps} steps per epoch"
            : $"{evolution.Strategy} (rank {evolution.Rank}), population {evolution.Population} × {config.Env.EpisodesPerMember} episodes";
        Console.WriteLine($"{config.Env.Name}: policy {run.Policy.Model.Parameters.ScalarCount} parameters, {method}, {Parallelism.MaxThreads} threads");
        var clock = Stopwatch.StartNew();
        var (result, exitCode) = TrainingSession.Run(job, output, config, placement, new RunLoopOptions
        {
            Epochs = config.Training.Epochs,
            CheckpointEvery = config.Training.CheckpointEvery,
        });
        double trainSeconds = clock.Elapsed.TotalSeconds;
        string metricsPath = TrainingSession.MetricsOf(output);
        var curve = LearningCurve.FromMetrics(metricsPath);
        string png = Path.Combine(output, "learning-curve.png");
        string title = config.Method == RlMethod.Ppo ? $"{config.Env.Name}, PPO" : $"{config.Env.Name}, {evolution.Strategy} (N = {evolution.Population}, σ = {evolution.Sigma})";
        LearningCurvePlot.Save(curve, title, run.Environment.SolvedThreshold, png);
        Console.WriteLine($"trained {result.EpochsCompleted} epochs, {curve.Steps.LastOrDefault():F0} environment steps, {trainSeconds:F1}s   plot: {png}");
        if (result.Interrupted)
        {
            return exitCode;
        }

        var evaluation = run.Evaluate(trainer, config.Env.EvalEpisodes, config.Training.Seed);
        Console.WriteLine($"eval: {run.Describe(evaluation)}");
        AtomicFile.Write(Path.Combine(output, "eval.json"), s => JsonSerializer.Serialize(s, new { evaluation.Mean, evaluation.StandardDeviation, Episodes = evaluation.Returns.Count, EnvironmentSteps = curve.Steps.LastOrDefault(), TrainSeconds = trainSeconds }, JsonDefaults.Options));
        return exitCode;
    }
}
