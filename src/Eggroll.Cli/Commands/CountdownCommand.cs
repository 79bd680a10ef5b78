using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Eggroll.IO;
using Eggroll.Tasks.Countdown;
using Eggroll.Training;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll countdown generate</c>, <c>score</c>, <c>corpus</c>, <c>train</c> and <c>eval</c>: the Countdown reasoning task's problems, verifier, base-model corpus and EGGROLL fine-tuning.</summary>
internal static class CountdownCommand
{
    public static Command Create()
    {
        var command = new Command("countdown", "The Countdown task: reach a target with + - * / using each given number once.");
        command.Subcommands.Add(Generate());
        command.Subcommands.Add(Score());
        command.Subcommands.Add(Corpus());
        command.Subcommands.Add(Countdown.CountdownTrainCommand.Create());
        command.Subcommands.Add(Countdown.CountdownEvalCommand.Create());
        return command;
    }

    private static Command Corpus()
    {
        var count = new Option<int>("--count") { Description = "Documents to write (about half worked solutions, half expressions with their values).", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the documents.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "The corpus file to write.", Required = true };
        var template = new Option<string>("--template") { Description = "Prompt template with {numbers} and {target} [default: the compact one].", DefaultValueFactory = _ => CountdownPrompt.CompactTemplate };
        var difficulty = new DifficultyOptions(CountdownDifficulty.Easy);
        var command = new Command("corpus", "Write arithmetic training text for a base model: expressions with their values and worked solutions of easier problems in the prompt format.") { count, seed, output, template };
        difficulty.AddTo(command);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(count);
            ConfigChecks.InRange(n, 1, 100_000_000, count.Name);
            var level = difficulty.Read(parse);
            var prompt = new CountdownPrompt(parse.GetValue(template)!);
            string path = parse.GetValue(output)!;
            using (var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)))
            {
                CountdownCorpus.Write(writer, n, parse.GetValue(seed), level, prompt);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: {n:N0} documents, {new FileInfo(path).Length:N0} bytes"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Generate()
    {
        var count = new Option<int>("--count") { Description = "Problems to print.", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the problem streams.", DefaultValueFactory = _ => 1 };
        var split = new Option<string>("--split") { Description = "train or validation: two disjoint streams of problems.", DefaultValueFactory = _ => "train" };
        var first = new Option<int>("--first") { Description = "Index of the first problem in the stream.", DefaultValueFactory = _ => 0 };
        var difficulty = new DifficultyOptions(CountdownDifficulty.Default);
        var command = new Command("generate", "Print problems as JSON lines with the keys numbers, target and solution.") { count, seed, split, first };
        difficulty.AddTo(command);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(count), start = parse.GetValue(first);
            ConfigChecks.InRange(n, 0, 10_000_000, count.Name);
            ConfigChecks.InRange(start, 0, int.MaxValue - n, first.Name);
            var which = ParseEnum<CountdownSplit>(parse.GetValue(split)!, split.Name);
            foreach (var problem in CountdownGenerator.Generate(n, parse.GetValue(seed), which, start, difficulty.Read(parse)))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { problem.Numbers, problem.Target, problem.Solution }, JsonDefaults.Compact));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Score()
    {
        var numbers = new Option<string>("--numbers") { Description = "The given numbers, comma-separated, e.g. 25,3,7,12.", Required = true };
        var target = new Option<int>("--target") { Description = "The target.", Required = true };
        var answer = new Option<string>("--answer") { Description = "The answer text (an expression, or a completion with <answer> tags).", Required = true };
        var rewards = new Option<string>("--rewards") { Description = $"Reward scheme: {LenientEnumConverter.NamesOf<CountdownRewards>()}.", DefaultValueFactory = _ => "reasoningGym" };
        var command = new Command("score", "Verify an answer and print {\"reward\":…,\"reason\":…} as JSON.") { numbers, target, answer, rewards };
        command.SetAction(parse =>
        {
            var given = ParseNumbers(parse.GetValue(numbers)!, numbers.Name);
            var scheme = ParseEnum<CountdownRewards>(parse.GetValue(rewards)!, rewards.Name);
            var score = CountdownVerifier.Score(given, parse.GetValue(target), parse.GetValue(answer)!, scheme);
            Console.WriteLine(JsonSerializer.Serialize(new { score.Reward, score.Reason, score.Verdict, score.Expression }, JsonDefaults.Compact));
            return ExitCodes.Success;
        });
        return command;
    }

    private static TEnum ParseEnum<TEnum>(string text, string option)
        where TEnum : struct, Enum =>
        LenientEnumConverter.TryParse<TEnum>(text, out var value)
            ? value
            : throw new ConfigException(option, $"'{Echo.Of(text)}' is not one of {LenientEnumConverter.NamesOf<TEnum>()}.");

    private static int[] ParseNumbers(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                throw new ConfigException(option, $"'{Echo.Of(parts[i])}' is not a whole number ≥ 1 (give the numbers comma-separated, e.g. 25,3,7,12).");
            }
        }

        return values;
    }
}
