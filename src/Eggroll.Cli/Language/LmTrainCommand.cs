using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Eggroll.Cli.Commands;
using Eggroll.Numerics;
using Eggroll.IO;
using Eggroll.Models.Egg;
using Eggroll.Models.Rwkv;
using Eggroll.Tasks.Language;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Training;

namespace Eggroll.Cli.Language;

/// <summary><c>eggroll train lm</c>: integer-only pre-training of the EGG byte language model (docs/algorithm.md §4).</summary>
internal static class LmTrainCommand
{
    public static Command Create()
    {
        var options = new ConfigOptions(
            LmShortcuts.Create(),
            "with the fields of the run's config.json (fields not given keep their defaults)",
            "training.noiseReuse=2",
            "only --epochs, --minutes and --threads (or --set epochs, minutes, threads) may be given with it");
        return RunDirectoryCommand.Create<LmRunConfig>(
            "lm",
            "Pre-train a byte language model: the int8 EGG model with integer EGGROLL (default) or RWKV-7 with float EGGROLL (--model rwkv7).",
            "lm",
            options,
            LmRunConfig.ResumableFields,
            (config, directory, checkpoint) => Train(config, directory, checkpoint, JobPlacement.Local));
    }

    /// <summary>Trains the run of <paramref name="config"/> in <paramref name="directory"/> (resuming <paramref name="checkpoint"/> when given), its job placed by <paramref name="placement"/>.</summary>
    public static int Train(LmRunConfig config, string directory, LoadedCheckpoint? checkpoint, JobPlacement placement)
    {
        Parallelism.UseThreads(config.Threads);
        var corpus = CorpusOf(config);
        var (job, validation, title) = config.ModelKind == LmModelKind.Rwkv7 ? RwkvRun(config, corpus) : EggRun(config, corpus);
        TrainingSession.Open(job, checkpoint, directory, config);

        var (_, exitCode) = TrainingSession.Run(placement.Place(job), directory, config, placement, new RunLoopOptions
        {
            Epochs = config.Epochs,
            TimeLimit = config.Minutes > 0 ? TimeSpan.FromMinutes(config.Minutes) : null,
            CheckpointEvery = config.CheckpointEvery,
            Validation = validation,
            ValidateEvery = config.ValidateEvery,
        });
        string png = Path.Combine(directory, "learning-curve.png");
        MetricsPlot.SaveLanguage(TrainingSession.MetricsOf(directory), title, png);
        Console.WriteLine($"plot: {png}");
        return exitCode;
    }

    /// <summary>The corpus of <paramref name="config"/>.</summary>
    /// <exception cref="ConfigException">The data file does not exist.</exception>
    public static ByteCorpus CorpusOf(LmRunConfig config)
    {
        if (!File.Exists(config.Data))
        {
            throw new ConfigException("data", $"{config.Data} does not exist; run scripts/get-corpus.sh to fetch the Brown corpus, or pass --data <file>.");
        }

        return ByteCorpus.Load(config.Data);
    }

    /// <summary>
    /// The EGGROLL job of <paramref name="config"/> (its method must be EGGROLL) at epoch 0, on <paramref name="corpus"/>'s
    /// training split: the int8 EGG model's or RWKV-7's, as <see cref="Train"/> builds it.
    /// </summary>
    public static IPopulationJob EggrollJobOf(LmRunConfig config, ByteCorpus corpus) =>
        config.ModelKind == LmModelKind.Rwkv7 ? RwkvLmJobOf(config, corpus, RwkvModelOf(config)) : EggTrainerOf(config, corpus);

    private static EggTrainer EggTrainerOf(LmRunConfig config, ByteCorpus corpus) =>
        new(EggModel.Create(config.Model, config.Training.Seed), corpus.Train, config.Training);

    private static RwkvModel RwkvModelOf(LmRunConfig config) =>
        RwkvModel.Create(config.Rwkv.ModelConfig(), (int)(config.Training.Seed % int.MaxValue), config.Rwkv.Evolve);

    private static RwkvLmJob RwkvLmJobOf(LmRunConfig config, ByteCorpus corpus, RwkvModel model) =>
        new(model, corpus.Train, config.Training, config.Rwkv);

    private static (ITrainingJob Job, IValidation Validation, string Title) EggRun(LmRunConfig config, ByteCorpus corpus)
    {
        var trainer = EggTrainerOf(config, corpus);
        var model = trainer.Model;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"EGG {config.Model.Layers}×{config.Model.Width}: {model.WeightCount:N0} int8 weights; {Describe(config, corpus)}"));
        return (trainer, new EggValidation(model, corpus.Validation, config.ValidationLength, config.ValidationBytes), $"EGG {config.Model.Layers}×{config.Model.Width}, population {config.Training.Population}");
    }

    private static (ITrainingJob Job, IValidation Validation, string Title) RwkvRun(LmRunConfig config, ByteCorpus corpus)
    {
        var rwkv = config.Rwkv;
        bool backprop = config.Method == LmMethod.Backprop;
        var model = RwkvModelOf(config);
        ITrainingJob job = backprop
            ? new RwkvBackpropJob(model, corpus.Train, config.Training, config.Backprop)
            : RwkvLmJobOf(config, corpus, model);
        string method = backprop
            ? string.Create(CultureInfo.InvariantCulture, $"backprop, AdamW, batch {config.Backprop.BatchSize} × {config.Training.SequenceLength} bytes")
            : "EGGROLL";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RWKV-7 {rwkv.Layers}×{rwkv.Width} (head size {rwkv.HeadSize}), {method}: {model.Parameters.ScalarCount:N0} float parameters; {Describe(config, corpus, backprop)}"));
        return (job, new RwkvValidation(model, corpus.Validation, config.ValidationLength, config.ValidationBytes), $"RWKV-7 {rwkv.Layers}×{rwkv.Width}, {method}{(backprop ? "" : $", population {config.Training.Population}")}");
    }

    private static string Describe(LmRunConfig config, ByteCorpus corpus, bool backprop = false) =>
        string.Create(CultureInfo.InvariantCulture, $"{(backprop ? "" : $"population {config.Training.Population}, {config.Training.SequencesPerPair} × {config.Training.SequenceLength} bytes per pair; ")}train {corpus.Train.Length:N0} bytes, validation {corpus.Validation.Length:N0}; {Parallelism.MaxThreads} threads");
}
