using System.CommandLine;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Training;

namespace Eggroll.Cli.Language;

/// <summary><c>eggroll lm generate</c>: continues a prompt with an RWKV-7 model and prints the continuation.</summary>
internal static class LmGenerateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = RwkvModelSource.Option();
        var prompt = new Option<string>("--prompt") { Description = "Text to start from (its UTF-8 bytes, tokenized).", Required = true };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens to generate.", DefaultValueFactory = _ => 200 };
        var temperature = new Option<double>("--temperature") { Description = "Softmax temperature, 0 = greedy.", DefaultValueFactory = _ => 1.0 };
        var topP = new Option<double>("--top-p") { Description = "Nucleus mass in (0, 1].", DefaultValueFactory = _ => 1.0 };
        var stop = new Option<string[]>("--stop") { Description = "Stop when the continuation ends with this text (repeatable); it is not printed." };
        var seed = new Option<ulong>("--seed") { Description = "Sampling seed.", DefaultValueFactory = _ => 1 };
        var vocab = LmTokens.VocabOption();
        var command = new Command("generate", "Generate text from an RWKV-7 model (byte tokens, or the tokens of --vocab).") { model, prompt, maxTokens, temperature, topP, stop, seed, vocab };
        command.SetAction(parse =>
        {
            ConfigChecks.InRange(parse.GetValue(maxTokens), 0, int.MaxValue, maxTokens.Name);
            var sampling = new SamplingOptions(parse.GetValue(temperature), parse.GetValue(topP), parse.GetValue(seed));
            if (sampling.Temperature is not (>= 0 and <= 1e6))
            {
                throw new ConfigException(temperature.Name, $"must be between 0 and 1e6, got {sampling.Temperature}.");
            }

            if (sampling.TopP is not (> 0 and <= 1))
            {
                throw new ConfigException(topP.Name, $"must be in (0, 1], got {sampling.TopP}.");
            }

            var tokenizer = LmTokens.Load(parse.GetValue(vocab));
            var rwkv = RwkvModelSource.Load(parse.GetValue(model)!);
            int vocabulary = rwkv.Config.Vocabulary;
            var tokens = LmTokens.Encode(tokenizer, parse.GetValue(prompt)!, vocabulary, prompt.Name);
            if (tokens.Length == 0)
            {
                throw new ConfigException(prompt.Name, "must not be empty.");
            }

            var stops = (parse.GetValue(stop) ?? []).Where(s => s.Length > 0).Select(s => LmTokens.Encode(tokenizer, s, int.MaxValue, stop.Name)).ToArray();
            var result = RwkvGeneration.Generate(rwkv, [new GenerationRequest(tokens, parse.GetValue(maxTokens), stops)], sampling)[0];
            Console.WriteLine(LmTokens.Decode(tokenizer, result.Tokens));
            return ExitCodes.Success;
        });
        return command;
    }
}
