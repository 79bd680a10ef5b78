using System.Text;
using Eggroll.Training;

namespace Eggroll.Cli.Language;

/// <summary>The byte tokenizer of <c>lm generate</c> and <c>lm score</c>: token id = byte value of the UTF-8 text.</summary>
internal static class ByteTokens
{
    /// <summary>The bytes of <paramref name="bytes"/> as token ids, checked against a vocabulary of <paramref name="vocabulary"/> tokens.</summary>
    public static int[] Encode(ReadOnlySpan<byte> bytes, int vocabulary, string field)
    {
        var tokens = new int[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            tokens[i] = bytes[i];
            if (tokens[i] >= vocabulary)
            {
                throw new ConfigException(field, $"byte {i} is {tokens[i]}, outside the model's vocabulary of {vocabulary} tokens.");
            }
        }

        return tokens;
    }

    /// <summary>The text of <paramref name="text"/> as token ids.</summary>
    public static int[] Encode(string text, int vocabulary, string field) => Encode(Encoding.UTF8.GetBytes(text), vocabulary, field);

    /// <summary>Token ids as UTF-8 text; an id above 255 is not a byte and becomes U+FFFD.</summary>
    public static string Decode(IEnumerable<int> tokens)
    {
        var bytes = new List<byte>();
        var text = new StringBuilder();
        foreach (int token in tokens)
        {
            if (token < 256)
            {
                bytes.Add((byte)token);
                continue;
            }

            text.Append(Encoding.UTF8.GetString([.. bytes])).Append('\uFFFD');
            bytes.Clear();
        }

        return text.Append(Encoding.UTF8.GetString([.. bytes])).ToString();
    }
}
