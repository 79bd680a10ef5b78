using System.CommandLine;
using System.Text;
using Eggroll.Tasks.Language;
using Eggroll.Training;

namespace Eggroll.Cli.Language;

/// <summary>
/// The tokenizer of the RWKV-7 commands: byte tokens (token id = byte of the UTF-8 text) unless <c>--vocab</c> names an
/// RWKV World vocabulary file; encoding checked against the model's vocabulary, decoding tolerant of ids the tokenizer lacks.
/// </summary>
internal static class LmTokens
{
    /// <summary>The <c>--vocab</c> option.</summary>
    public static Option<string?> VocabOption() => new("--vocab")
    {
        Description = "An RWKV World vocabulary file (lines '<id> <str or bytes literal> <byte length>') [default: byte tokens].",
    };

    /// <summary>The tokenizer of <paramref name="vocab"/>: bytes when null; a missing or malformed file is one error line naming it.</summary>
    public static ITokenizer Load(string? vocab)
    {
        if (vocab is null)
        {
            return new ByteTokenizer();
        }

        if (!File.Exists(vocab))
        {
            throw new ConfigException("--vocab", $"{vocab} does not exist.");
        }

        try
        {
            return WorldTokenizer.Load(vocab);
        }
        catch (InvalidDataException e)
        {
            throw new ConfigException("--vocab", e.Message);
        }
    }

    /// <summary>The tokens of <paramref name="bytes"/>, each checked to be below <paramref name="vocabulary"/> (the model's).</summary>
    public static int[] Encode(ITokenizer tokenizer, ReadOnlySpan<byte> bytes, int vocabulary, string field)
    {
        var tokens = tokenizer.Encode(bytes);
        int outside = Array.FindIndex(tokens, t => t >= vocabulary);
        return outside < 0
            ? tokens
            : throw new ConfigException(field, $"token {outside} is id {tokens[outside]}, outside the model's vocabulary of {vocabulary} tokens; does --vocab match the model?");
    }

    /// <summary>The tokens of the UTF-8 bytes of <paramref name="text"/>, checked as by <see cref="Encode(ITokenizer, ReadOnlySpan{byte}, int, string)"/>.</summary>
    public static int[] Encode(ITokenizer tokenizer, string text, int vocabulary, string field) => Encode(tokenizer, Encoding.UTF8.GetBytes(text), vocabulary, field);

    /// <summary>The bytes of <paramref name="tokens"/> as UTF-8 text; an id the tokenizer does not have (such as end-of-text) becomes U+FFFD.</summary>
    public static string Decode(ITokenizer tokenizer, IEnumerable<int> tokens)
    {
        var bytes = new List<byte>();
        var text = new StringBuilder();
        foreach (int token in tokens)
        {
            if (TryDecode(tokenizer, token) is { } tokenBytes)
            {
                bytes.AddRange(tokenBytes);
                continue;
            }

            text.Append(Encoding.UTF8.GetString([.. bytes])).Append('\uFFFD');
            bytes.Clear();
        }

        return text.Append(Encoding.UTF8.GetString([.. bytes])).ToString();
    }

    private static byte[]? TryDecode(ITokenizer tokenizer, int token)
    {
        if (token < 0 || token >= tokenizer.VocabularySize)
        {
            return null;
        }

        try
        {
            return tokenizer.Decode([token]);
        }
        catch (ArgumentException)
        {
            return null; // an id inside the range that the vocabulary file leaves out
        }
    }
}
