using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Eggroll.Integer;
using Eggroll.IO;
using Eggroll.Numerics;

namespace Eggroll.Cli.Language;

/// <summary><c>eggroll train lm</c>: integer-only pre-training of the EGG byte language model (SPEC §4).</summary>
internal static class LmTrainCommand
{
    public static Command Create()
    {
        var defaults = new LmRunConfig();
        var data = new Option<string>("--data") { Description = "Corpus file (text or bytes). The default comes from scripts/get-corpus.sh.", DefaultValueFactory = _ => defaults.Data };
        var width = new Option<int>("--width") { Description = "Model width D.", DefaultValueFactory = _ => defaults.Model.Width };
        var layers = new Option<int>("--layers") { Description = "Layers L.", DefaultValueFactory = _ => defaults.Model.Layers };
        var population = new Option<int>("--population") { Description = "Population N (even).", DefaultValueFactory = _ => defaults.Training.Population };
        var length = new Option<int>("--sequence-length") { Description = "Bytes predicted per training sequence.", DefaultValueFactory = _ => defaults.Training.SequenceLength };
        var perPair = new Option<int>("--sequences-per-pair") { Description = "Training sequences per antithetic pair.", DefaultValueFactory = _ => defaults.Training.SequencesPerPair };
        var rank = new Option<int>("--rank") { Description = "Rank r of the int8 factors.", DefaultValueFactory = _ => defaults.Training.Update.Rank };
        var sigmaShift = new Option<int>("--sigma-shift") { Description = "σ = 2^-sigmaShift (correction >> 4 + sigmaShift).", DefaultValueFactory = _ => defaults.Training.Update.SigmaShift };
        var alpha = new Option<double>("--alpha") { Description = "Target fraction α₀ of weights changed per epoch.", DefaultValueFactory = _ => defaults.Training.Update.Alpha };
        var decay = new Option<double>("--alpha-decay") { Description = "d in α_t = α₀/(d·t + 1); 0 = fixed (the paper: 0.015).", DefaultValueFactory = _ => defaults.Training.Update.AlphaDecay };
        var seed = new Option<ulong>("--seed") { Description = "Run seed.", DefaultValueFactory = _ => defaults.Training.Seed };
        var epochs = new Option<long>("--epochs") { Description = "Stop at this epoch.", DefaultValueFactory = _ => defaults.Epochs };
        var minutes = new Option<double>("--minutes") { Description = "Stop after this many minutes (0 = no limit).", DefaultValueFactory = _ => defaults.Minutes };
        var validateEvery = new Option<int>("--validate-every") { Description = "Epochs between validations.", DefaultValueFactory = _ => defaults.ValidateEvery };
        var validationBytes = new Option<int>("--validation-bytes") { Description = "Validation bytes used.", DefaultValueFactory = _ => defaults.ValidationBytes };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Epochs between checkpoints.", DefaultValueFactory = _ => defaults.CheckpointEvery };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Run directory (default runs/lm-<timestamp>)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this directory; only --epochs, --minutes and --threads may be given with it." };
        var command = new Command("lm", "Pre-train the int8 EGG byte language model with integer EGGROLL.")
        {
            data, width, layers, population, length, perPair, rank, sigmaShift, alpha, decay, seed, epochs, minutes, validateEvery, validationBytes, checkpointEvery, threads, output, resume,
        };
        Option[] resumable = [epochs, minutes, threads, resume];
        command.SetAction(parse =>
        {
            string? resumeDirectory = parse.GetValue(resume);
            if (resumeDirectory is not null)
            {
                var fixedOption = command.Options.FirstOrDefault(o => !resumable.Contains(o) && parse.GetResult(o) is { Implicit: false });
                if (fixedOption is not null)
                {
                    throw new ConfigException(fixedOption.Name, "cannot change when resuming; only --epochs, --minutes and --threads can.");
                }

                var (model, epoch, stored) = EggCheckpoint.Load(Path.Combine(resumeDirectory, "checkpoint"));
                var original = stored.Deserialize<LmRunConfig>(JsonDefaults.Options) ?? throw new CheckpointException($"{resumeDirectory}: the checkpoint has no run config.");
                var resumed = original with
                {
                    Epochs = parse.GetResult(epochs) is { Implicit: false } ? parse.GetValue(epochs) : original.Epochs,
                    Minutes = parse.GetResult(minutes) is { Implicit: false } ? parse.GetValue(minutes) : original.Minutes,
                    Threads = parse.GetValue(threads),
                };
                resumed.Validate();
                SetThreads(resumed.Threads);
                Console.WriteLine($"resumed {resumeDirectory} at epoch {epoch}");
                return LmTraining.Run(resumed, resumeDirectory, model, epoch);
            }

            var config = new LmRunConfig
            {
                Data = parse.GetValue(data)!,
                Model = new EggConfig(parse.GetValue(width), parse.GetValue(layers)),
                Training = new EggTrainingOptions
                {
                    Seed = parse.GetValue(seed),
                    Population = parse.GetValue(population),
                    SequenceLength = parse.GetValue(length),
                    SequencesPerPair = parse.GetValue(perPair),
                    Update = new Int8UpdateOptions { Rank = parse.GetValue(rank), SigmaShift = parse.GetValue(sigmaShift), Alpha = parse.GetValue(alpha), AlphaDecay = parse.GetValue(decay) },
                },
                Epochs = parse.GetValue(epochs),
                Minutes = parse.GetValue(minutes),
                ValidateEvery = parse.GetValue(validateEvery),
                ValidationBytes = parse.GetValue(validationBytes),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                Threads = parse.GetValue(threads),
            };
            config.Validate();
            if (!File.Exists(config.Data))
            {
                throw new ConfigException("data", $"{config.Data} does not exist; run scripts/get-corpus.sh to fetch the Brown corpus, or pass --data <file>.");
            }

            string directory = parse.GetValue(output) ?? $"runs/lm-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            if (File.Exists(Path.Combine(directory, "checkpoint", EggCheckpoint.StateFileName)))
            {
                throw new ConfigException("out", $"{directory} already holds a checkpoint; continue it with --resume {directory} or choose another directory.");
            }

            Directory.CreateDirectory(directory);
            AtomicFile.Write(Path.Combine(directory, "config.json"), s => JsonSerializer.Serialize(s, config, JsonDefaults.Options));
            File.Delete(Path.Combine(directory, "metrics.jsonl"));
            SetThreads(config.Threads);
            return LmTraining.Run(config, directory, EggModel.Create(config.Model, config.Training.Seed), 0);
        });
        return command;
    }

    private static void SetThreads(int threads) => Parallelism.MaxThreads = threads > 0 ? threads : Environment.ProcessorCount;
}
