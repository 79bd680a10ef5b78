using System.CommandLine;
using System.Globalization;
using Eggroll.Cli.Commands;
using Eggroll.Numerics;
using Eggroll.Tasks.Countdown;
using Eggroll.Training;

namespace Eggroll.Cli.Countdown;

/// <summary><c>eggroll countdown train</c>: EGGROLL or GRPO fine-tuning of an RWKV-7 model on Countdown, or resuming such a run.</summary>
internal static class CountdownTrainCommand
{
    public static Command Create()
    {
        var shortcuts = new ShortcutOptions(
        [
            new("--model", "model", "Base model: a train lm --model rwkv7 run directory or an RWKV-7 .pth/.safetensors file (model).", Text: true, Default: "none, required for a new run"),
            new("--method", "method", "Fine-tuning method: eggroll or grpo (method).", Text: true),
            new("--epochs", "epochs", "Stop at this epoch (epochs)."),
            new("--minutes", "minutes", "Stop after this many minutes of this invocation, 0 = no limit (minutes)."),
            new("--population", "evolution.population", "Population N, even (evolution.population)."),
            new("--group-size", "evolution.groupSize", "Members sharing a group's prompts and mean, even; 0 = the whole population (evolution.groupSize)."),
            new("--prompts-per-group", "task.promptsPerGroup", "Prompts each group answers per epoch (task.promptsPerGroup)."),
            new("--grpo-group-size", "grpo.groupSize", "GRPO: sampled answers per prompt (grpo.groupSize)."),
            new("--grpo-prompts", "grpo.prompts", "GRPO: prompts per step (grpo.prompts)."),
            new("--sigma", "evolution.sigma", "Noise scale σ (evolution.sigma)."),
            new("--lr", "optimizer.learningRate", "Learning rate (optimizer.learningRate)."),
            new("--max-tokens", "task.maxTokens", "Most tokens per answer (task.maxTokens)."),
            new("--validation-count", "task.validationCount", "Validation problems (task.validationCount)."),
            new("--validate-every", "validateEvery", "Epochs between validations (validateEvery)."),
            new("--checkpoint-every", "checkpointEvery", "Epochs between checkpoints (checkpointEvery)."),
            new("--seed", "seed", "Run seed (seed)."),
            new("--threads", "threads", "Worker threads, 0 = all cores (threads)."),
        ],
            new CountdownRunConfig());
        var options = new ConfigOptions(
            shortcuts,
            "with the fields model, method, task, evolution, optimizer, evolve, grpo, seed, epochs, minutes, validateEvery, checkpointEvery, threads",
            "task.promptsPerGroup=4",
            "only epochs, minutes, threads, validateEvery and checkpointEvery may change");
        return RunDirectoryCommand.Create<CountdownRunConfig>(
            "train",
            "Fine-tune an RWKV-7 model on Countdown with EGGROLL (greedy answers) or GRPO (sampled groups), reward = the verifier's; writes metrics.jsonl, PNGs, checkpoint/.",
            "countdown",
            options,
            CountdownRunConfig.ResumableFields,
            Train);
    }

    /// <summary>Runs (or resumes, with <paramref name="checkpoint"/>) the fine-tuning <paramref name="config"/> describes in <paramref name="directory"/>; returns the exit code.</summary>
    public static int Train(CountdownRunConfig config, string directory, LoadedCheckpoint? checkpoint)
    {
        Parallelism.UseThreads(config.Threads);
        var model = CountdownModelSource.Load(config.Model);
        var task = config.Task;
        var answers = new CountdownAnswers(CountdownModelSource.Tokenizer(model, task.Tokenizer, "task.tokenizer"), new CountdownPrompt(task.Template), task.MaxTokens, task.Rewards);
        ITrainingJob job = config.Method == CountdownMethod.Grpo
            ? new CountdownGrpoJob(model, config.Grpo.KlCoefficient > 0 ? CountdownModelSource.Load(config.Model) : null, answers, config)
            : new CountdownEggrollJob(model, answers, config);
        var validation = new CountdownValidation(model, answers, CountdownGenerator.Generate(task.ValidationCount, task.ProblemSeed, CountdownSplit.Validation, 0, task.Difficulty));
        TrainingSession.Open(job, checkpoint, directory, config);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RWKV-7 {model.Config.Layers}×{model.Config.Width}: {model.Parameters.ScalarCount:N0} parameters; {Describe(config)}; {Parallelism.MaxThreads} threads"));
        var (_, exitCode) = TrainingSession.Run(job, directory, config, new RunLoopOptions
        {
            Epochs = config.Epochs,
            TimeLimit = config.Minutes > 0 ? TimeSpan.FromMinutes(config.Minutes) : null,
            CheckpointEvery = config.CheckpointEvery,
            Validation = validation,
            ValidateEvery = config.ValidateEvery,
        });
        foreach (string png in MetricsPlot.SaveCountdown(TrainingSession.MetricsOf(directory), $"Countdown {Describe(config)}", directory))
        {
            Console.WriteLine($"plot: {png}");
        }

        return exitCode;
    }

    private static string Describe(CountdownRunConfig config)
    {
        var (evolution, grpo) = (config.Evolution, config.Grpo);
        return config.Method == CountdownMethod.Grpo
            ? string.Create(CultureInfo.InvariantCulture, $"GRPO, {grpo.Prompts} prompts × {grpo.GroupSize} samples at temperature {grpo.Temperature}, clip {grpo.ClipEpsilon}, KL {grpo.KlCoefficient}, Adam {grpo.Optimizer.LearningRate}")
            : string.Create(CultureInfo.InvariantCulture, $"EGGROLL, population {evolution.Population} (groups of {evolution.GroupSize}, {config.Task.PromptsPerGroup} prompts each), rank {evolution.Rank}, σ {evolution.Sigma}");
    }
}
