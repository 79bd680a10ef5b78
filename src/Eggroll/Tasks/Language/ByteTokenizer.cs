namespace Eggroll.Tasks.Language;

/// <summary>The identity tokenizer: each byte is its own token, so the vocabulary has 256 ids.</summary>
public sealed class ByteTokenizer : ITokenizer
{
    /// <inheritdoc/>
    public int VocabularySize => 256;

    /// <inheritdoc/>
    public int[] Encode(ReadOnlySpan<byte> bytes)
    {
        var tokens = new int[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            tokens[i] = bytes[i];
        }

        return tokens;
    }

    /// <inheritdoc/>
    public byte[] Decode(ReadOnlySpan<int> tokens)
    {
        var bytes = new byte[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            bytes[i] = tokens[i] is >= 0 and < 256
                ? (byte)tokens[i]
                : throw new ArgumentException($"Token {tokens[i]} at position {i} is not a byte (0 to 255).", nameof(tokens));
        }

        return bytes;
    }
}
