using System.Text;
using System.Text.Json;
using Eggroll.Cli;
using Eggroll.IO;
using Eggroll.Models.Rwkv;
using Eggroll.Population;
using Eggroll.Tasks.Language;
using Eggroll.Tests.Language;
using Eggroll.Tests.Rwkv;

namespace Eggroll.Tests.Cli;

/// <summary><c>lm score</c> and <c>lm generate</c> with <c>--vocab</c>: a small World vocabulary file the test writes.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class RwkvVocabularyCommandTests : IClassFixture<TemporaryDirectory>
{
    /// <summary>One past the largest id of <see cref="WorldVocabulary"/> (the word 'ab' is 314).</summary>
    private const int VocabularySize = 315;

    private readonly string directory;
    private readonly string vocab;
    private readonly RwkvModel model;
    private readonly string weights;

    public RwkvVocabularyCommandTests(TemporaryDirectory temporary)
    {
        directory = temporary.CreateSubdirectory();
        vocab = WorldVocabulary.Write(directory, WorldVocabulary.Lines());
        model = RwkvModel.FromStateDict(RwkvCheckpoint.Random(RwkvCheckpoint.Tiny with { Vocabulary = VocabularySize }, 31));
        weights = Path.Combine(directory, "world.safetensors");
        using var stream = File.Create(weights);
        SafeTensors.WriteRaw(stream, model.ToStateDict());
    }

    [Fact]
    public void Score_with_a_vocabulary_scores_its_tokens_and_divides_the_bits_by_the_bytes_they_cover()
    {
        string text = Path.Combine(directory, "text.txt");
        File.WriteAllText(text, "hello world\n\nhe");
        int[] tokens = [302, 303, 304, 300]; // 'hello', ' world', '\n\n', 'he': the longest match at each position

        var run = CapturedRun.Of(["lm", "score", "--model", weights, "--text", text, "--vocab", vocab]);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(tokens.Length, lines.Length);
        var expected = RwkvScoreReference.LogProbs(model, tokens);
        for (int i = 1; i < tokens.Length; i++)
        {
            Assert.Equal(tokens[i], lines[i - 1].GetProperty("token").GetInt32());
            Assert.Equal(expected[i - 1], lines[i - 1].GetProperty("logprob").GetDouble(), 1e-5);
        }

        const int bytesAfterHello = 10; // ' world' + '\n\n' + 'he'
        Assert.Equal(-expected.Sum() / bytesAfterHello / Math.Log(2), lines[^1].GetProperty("bitsPerByte").GetDouble(), 1e-5);
    }

    [Fact]
    public void Generate_with_a_vocabulary_feeds_the_prompts_tokens_and_prints_the_greedy_tokens_bytes()
    {
        var run = CapturedRun.Of(["lm", "generate", "--model", weights, "--prompt", "hello", "--vocab", vocab, "--temperature", "0", "--max-tokens", "5"]);

        Assert.Equal(0, run.ExitCode);
        var state = new RwkvState(model.Config, 1);
        int token = 302;
        var bytes = new List<byte>();
        var expected = new StringBuilder();
        for (int i = 0; i < 5; i++)
        {
            var logits = model.Step([token], state, ForwardContext.Unperturbed(1)).Row(0).ToArray();
            token = Array.IndexOf(logits, logits.Max());
            if (BytesOf(token) is { } tokenBytes)
            {
                bytes.AddRange(tokenBytes);
            }
            else
            {
                expected.Append(Encoding.UTF8.GetString([.. bytes])).Append('\uFFFD');
                bytes.Clear();
            }
        }

        Assert.Equal(expected.Append(Encoding.UTF8.GetString([.. bytes])).ToString(), run.Output.TrimEnd('\n'));
    }

    [Fact]
    public void A_bad_vocabulary_line_a_missing_file_and_a_token_outside_the_model_are_one_line_user_errors()
    {
        var lines = WorldVocabulary.Lines();
        lines.Insert(2, "7 'x'");
        string bad = WorldVocabulary.Write(directory, lines);
        string byteModel = Path.Combine(directory, "bytes.safetensors");
        using (var stream = File.Create(byteModel))
        {
            SafeTensors.WriteRaw(stream, RwkvModel.FromStateDict(RwkvCheckpoint.Random(RwkvCheckpoint.Tiny with { Vocabulary = 256 }, 32)).ToStateDict());
        }

        var badLine = CapturedRun.Of(["lm", "generate", "--model", weights, "--prompt", "hi", "--vocab", bad]);
        var missing = CapturedRun.Of(["lm", "score", "--model", weights, "--text", vocab, "--vocab", Path.Combine(directory, "absent.txt")]);
        var outside = CapturedRun.Of(["lm", "generate", "--model", byteModel, "--prompt", "hello", "--vocab", vocab]);

        Assert.Equal(2, badLine.ExitCode);
        Assert.Equal($"error: --vocab: {bad}, line 3: expected '<id> <str or bytes literal> <byte length>', got '7 'x''.", badLine.ErrorLine);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("absent.txt does not exist", missing.ErrorLine);
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("--prompt", outside.ErrorLine);
        Assert.Contains("id 302, outside the model's vocabulary of 256 tokens", outside.ErrorLine);
    }

    /// <summary>The bytes of token <paramref name="id"/> from the list the file was written from; null for an id the file leaves out.</summary>
    private static byte[]? BytesOf(int id) => id is >= 1 and <= 256
        ? [(byte)(id - 1)]
        : WorldVocabulary.Words.Where(w => w.Id == id).Select(w => PythonLiteral.ToBytes(w.Literal)).FirstOrDefault();
}
