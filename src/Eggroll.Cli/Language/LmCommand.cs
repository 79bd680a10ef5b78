using System.CommandLine;
using System.Globalization;
using System.Text;
using Eggroll.Models.Egg;
using Eggroll.Tasks.Language;
using Eggroll.Training;

namespace Eggroll.Cli.Language;

/// <summary><c>eggroll lm</c>: baselines of a byte corpus, and text sampled from a trained EGG checkpoint.</summary>
internal static class LmCommand
{
    /// <summary>The largest sampling temperature; far above it, sampling is uniform over bytes to many digits anyway.</summary>
    private const double MaxTemperature = 1e6;

    public static Command Create()
    {
        var command = new Command("lm", "Byte language model tools: baselines, sampling, and RWKV-7 generation and scoring.");
        command.Subcommands.Add(Baselines());
        command.Subcommands.Add(Sample());
        command.Subcommands.Add(LmGenerateCommand.Create());
        command.Subcommands.Add(LmScoreCommand.Create());
        command.Subcommands.Add(LmCompareCommand.Create());
        return command;
    }

    private static Command Baselines()
    {
        var data = new Option<string>("--data") { Description = "Corpus file (text or bytes).", DefaultValueFactory = _ => new LmRunConfig().Data };
        var command = new Command("baselines", "Unigram, bigram and gzip bits/byte on the train / validation / test split.") { data };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(data)!;
            var corpus = ByteCorpus.Load(path);
            var baselines = new LanguageBaselines(corpus.Train);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: train {corpus.Train.Length:N0}, validation {corpus.Validation.Length:N0}, test {corpus.Test.Length:N0} bytes (blocks 18/1/1 of every 20)"));
            Console.WriteLine($"{"bits/byte",-36} {"train",8} {"validation",11} {"test",8}");
            Row("unigram (add-one)", b => baselines.UnigramBits(b));
            Row("bigram (towards unigram, β = 1)", b => baselines.BigramBits(b));
            Row("gzip (.NET SmallestSize, per split)", bytes => LanguageBaselines.GzipBits(bytes));
            return ExitCodes.Success;

            void Row(string name, Func<byte[], double> bits) =>
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {bits(corpus.Train),8:F4} {bits(corpus.Validation),11:F4} {bits(corpus.Test),8:F4}"));
        });
        return command;
    }

    private static Command Sample()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Run directory (or its checkpoint directory).", Required = true };
        var prompt = new Option<string>("--prompt") { Description = "Text to start from.", DefaultValueFactory = _ => "The " };
        var count = new Option<int>("--bytes") { Description = "Bytes to generate.", DefaultValueFactory = _ => 400 };
        var temperature = new Option<double>("--temperature") { Description = "Softmax temperature (0 = greedy).", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Sampling seed.", DefaultValueFactory = _ => 1 };
        var command = new Command("sample", "Generate text from a trained EGG checkpoint.") { checkpoint, prompt, count, temperature, seed };
        command.SetAction(parse =>
        {
            ConfigChecks.InRange(parse.GetValue(count), 0, int.MaxValue, count.Name);
            if (parse.GetValue(temperature) is not (>= 0 and <= MaxTemperature))
            {
                throw new ConfigException(temperature.Name, $"must be between 0 and {MaxTemperature}, got {parse.GetValue(temperature)}.");
            }

            var (loaded, stored) = TrainingSession.LoadForEvaluation(parse.GetValue(checkpoint)!, EggTrainer.RunKind, "train lm");
            var config = ConfigLoader.FromNode<LmRunConfig>(stored, loaded.StatePath);
            var model = EggModel.Create(config.Model, config.Training.Seed);
            EggTrainer.LoadWeights(model, loaded.Tensors);
            var text = EggSampler.Generate(model, Encoding.UTF8.GetBytes(parse.GetValue(prompt)!), parse.GetValue(count), parse.GetValue(temperature), parse.GetValue(seed));
            Console.WriteLine(Encoding.UTF8.GetString(text));
            return ExitCodes.Success;
        });
        return command;
    }
}
