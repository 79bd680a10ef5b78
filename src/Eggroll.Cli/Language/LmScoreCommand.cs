using System.CommandLine;
using System.Text.Json.Nodes;
using Eggroll.Population;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Training;

namespace Eggroll.Cli.Language;

/// <summary>
/// <c>eggroll lm score</c>: the log-probability (nats) of every token of a file given the tokens before it, from the
/// zero state with no added start token (so position 0 has no line), then the file's bits/byte: the bits of those
/// tokens over the bytes they cover (every byte after the first token's).
/// </summary>
internal static class LmScoreCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = RwkvModelSource.Option();
        var text = new Option<string>("--text") { Description = "File whose tokens are scored.", Required = true };
        var vocab = LmTokens.VocabOption();
        var command = new Command("score", "Per-token log-probabilities and bits/byte of a file under an RWKV-7 model, as JSON lines.") { model, text, vocab };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(text)!;
            if (!File.Exists(path))
            {
                throw new ConfigException(text.Name, $"{path} does not exist.");
            }

            var tokenizer = LmTokens.Load(parse.GetValue(vocab));
            var bytes = File.ReadAllBytes(path);
            var rwkv = RwkvModelSource.Load(parse.GetValue(model)!);
            var tokens = LmTokens.Encode(tokenizer, bytes, rwkv.Config.Vocabulary, text.Name);
            if (tokens.Length < 2)
            {
                throw new ConfigException(text.Name, $"{path} has {tokens.Length} token(s); scoring needs at least 2.");
            }

            var logProbs = new float[tokens.Length - 1];
            RwkvSequenceScorer.LogProbs(rwkv, tokens, logProbs.Length, ForwardContext.Unperturbed(1), logProbs);
            double sum = 0;
            for (int i = 0; i < logProbs.Length; i++)
            {
                sum += logProbs[i];
                Console.WriteLine(new JsonObject { ["position"] = i + 1, ["token"] = tokens[i + 1], ["logprob"] = logProbs[i] }.ToJsonString());
            }

            int predictedBytes = bytes.Length - tokenizer.Decode(tokens.AsSpan(0, 1)).Length;
            Console.WriteLine(new JsonObject { ["bitsPerByte"] = -sum / predictedBytes / Math.Log(2) }.ToJsonString());
            return ExitCodes.Success;
        });
        return command;
    }
}
