using Eggroll.Tasks.Language;

namespace Eggroll.Tests.Countdown;

/// <summary>32 characters (digits, operators, brackets and the answer tag's letters), so a tiny random model writes text the verifier can read.</summary>
internal sealed class CountdownCharacterTokenizer : ITokenizer
{
    private const string Characters = "0123456789+-*/() [],=?<>answer.";

    public int VocabularySize => 32;

    public int[] Encode(ReadOnlySpan<byte> bytes)
    {
        var tokens = new int[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            tokens[i] = Characters.IndexOf((char)bytes[i], StringComparison.Ordinal);
            Assert.True(tokens[i] >= 0, $"'{(char)bytes[i]}' has no token");
        }

        return tokens;
    }

    public byte[] Decode(ReadOnlySpan<int> tokens)
    {
        var bytes = new byte[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            bytes[i] = tokens[i] < Characters.Length ? (byte)Characters[tokens[i]] : (byte)'#';
        }

        return bytes;
    }
}
