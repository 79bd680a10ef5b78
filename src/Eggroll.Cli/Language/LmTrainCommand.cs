using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Eggroll.Cli.Commands;
using Eggroll.Cli.Config;
using Eggroll.Integer;
using Eggroll.IO;
using Eggroll.Numerics;

namespace Eggroll.Cli.Language;

/// <summary><c>eggroll train lm</c>: integer-only pre-training of the EGG byte language model (SPEC §4).</summary>
internal static class LmTrainCommand
{
    public static Command Create()
    {
        var options = new ConfigOptions(
            LmShortcuts.Create(),
            "with the fields of the run's config.json (fields not given keep their defaults)",
            "training.noiseReuse=2",
            "only --epochs, --minutes and --threads (or --set epochs, minutes, threads) may be given with it");
        var output = new Option<string?>("--out") { Description = "Run directory [default: runs/lm-<timestamp>]." };
        var command = new Command("lm", "Pre-train the int8 EGG byte language model with integer EGGROLL.");
        command.Options.Add(output);
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var overrides = options.Overrides(parse);
            string? resumeDirectory = options.ResumeDirectory(parse, output);
            return resumeDirectory is null
                ? Start(ConfigLoader.Load<LmRunConfig>(parse.GetValue(options.Config), overrides), parse.GetValue(output))
                : Resume(resumeDirectory, overrides);
        });
        return command;
    }

    private static int Start(LmRunConfig config, string? output)
    {
        if (!File.Exists(config.Data))
        {
            throw new ConfigException("data", $"{config.Data} does not exist; run scripts/get-corpus.sh to fetch the Brown corpus, or pass --data <file>.");
        }

        string directory = output ?? $"runs/lm-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        if (File.Exists(Path.Combine(directory, "checkpoint", EggCheckpoint.StateFileName)))
        {
            throw new ConfigException("out", $"{directory} already holds a checkpoint; continue it with --resume {directory} or choose another directory.");
        }

        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, "config.json"), s => JsonSerializer.Serialize(s, config, JsonDefaults.Options));
        File.Delete(Path.Combine(directory, "metrics.jsonl"));
        SetThreads(config.Threads);
        return LmTraining.Run(config, directory, EggModel.Create(config.Model, config.Training.Seed), 0);
    }

    private static int Resume(string directory, IEnumerable<string> overrides)
    {
        string checkpoint = Path.Combine(directory, "checkpoint");
        var (model, epoch, run) = EggCheckpoint.Load(checkpoint);
        if (run.Count == 0)
        {
            throw new CheckpointException($"{checkpoint}: the checkpoint has no run config to resume from.");
        }

        ConfigLoader.ApplyOnResume(run, overrides, LmRunConfig.ResumableFields);
        var config = ConfigLoader.FromNode<LmRunConfig>(run, Path.Combine(checkpoint, EggCheckpoint.StateFileName));
        SetThreads(config.Threads);
        Console.WriteLine($"resumed {directory} at epoch {epoch}");
        return LmTraining.Run(config, directory, model, epoch);
    }

    private static void SetThreads(int threads) => Parallelism.MaxThreads = threads > 0 ? threads : Environment.ProcessorCount;
}
