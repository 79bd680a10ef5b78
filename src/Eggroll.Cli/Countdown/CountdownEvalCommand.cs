using System.CommandLine;
using System.Text.Json;
using Eggroll.Cli.Commands;
using Eggroll.Cli.Language;
using Eggroll.IO;
using Eggroll.Numerics;
using Eggroll.Tasks.Countdown;
using Eggroll.Training;

namespace Eggroll.Cli.Countdown;

/// <summary><c>eggroll countdown eval</c>: accuracy and mean reward of a model's greedy answers on the validation split.</summary>
internal static class CountdownEvalCommand
{
    public static Command Create()
    {
        var model = RwkvModelSource.Option();
        model.Description = "A countdown train or train lm --model rwkv7 run directory, or an RWKV-7 .pth/.safetensors file.";
        var count = new Option<int>("--count") { Description = "Validation problems (the first ones of the split).", DefaultValueFactory = _ => 100 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the problem streams (task.problemSeed of a run).", DefaultValueFactory = _ => 1 };
        var template = new Option<string>("--template") { Description = "Prompt template with {numbers} and {target} [default: the compact one].", DefaultValueFactory = _ => CountdownPrompt.CompactTemplate };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens per answer.", DefaultValueFactory = _ => new CountdownTaskOptions().MaxTokens };
        var tokenizer = new Option<string>("--tokenizer") { Description = "World tokenizer vocabulary file for World-vocabulary models [default: byte tokens].", DefaultValueFactory = _ => "" };
        var show = new Option<int>("--show") { Description = "Print the first this many answers too.", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Worker threads, 0 = all cores.", DefaultValueFactory = _ => 0 };
        var difficulty = new DifficultyOptions(CountdownDifficulty.Easy);
        var command = new Command("eval", "Answer validation problems greedily with the unperturbed model; print {\"accuracy\":…,\"meanReward\":…} as JSON.") { model, count, seed, template, maxTokens, tokenizer, show, threads };
        difficulty.AddTo(command);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(count);
            ConfigChecks.InRange(n, 1, 1_000_000, count.Name);
            ConfigChecks.InRange(parse.GetValue(maxTokens), 1, 4096, maxTokens.Name);
            ConfigChecks.InRange(parse.GetValue(threads), 0, int.MaxValue, threads.Name);
            var level = difficulty.Read(parse);
            var prompt = new CountdownPrompt(parse.GetValue(template)!);
            Parallelism.UseThreads(parse.GetValue(threads));
            var rwkv = CountdownModelSource.Load(parse.GetValue(model)!);
            var answers = new CountdownAnswers(CountdownModelSource.Tokenizer(rwkv, parse.GetValue(tokenizer)!, tokenizer.Name), prompt, parse.GetValue(maxTokens), CountdownRewards.ReasoningGym);
            var problems = CountdownGenerator.Generate(n, parse.GetValue(seed), CountdownSplit.Validation, 0, level);
            var result = CountdownAccuracy.Measure(rwkv, answers, problems);
            for (int i = 0; i < Math.Min(parse.GetValue(show), n); i++)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { problems[i].Numbers, problems[i].Target, Answer = result.Answers[i] }, JsonDefaults.Compact));
            }

            Console.WriteLine(JsonSerializer.Serialize(new { result.Accuracy, result.MeanReward, Count = n, result.GeneratedTokens }, JsonDefaults.Compact));
            return ExitCodes.Success;
        });
        return command;
    }
}
