using System.Text;

namespace Eggroll.Tasks.Language;

/// <summary>Turns text (as UTF-8 bytes) into token ids in [0, <see cref="VocabularySize"/>) and back.</summary>
public interface ITokenizer
{
    /// <summary>Number of token ids (one past the largest id), the size of a model's embedding and output layers.</summary>
    int VocabularySize { get; }

    /// <summary>The token ids of <paramref name="bytes"/>; concatenating their bytes (<see cref="Decode"/>) gives the bytes back.</summary>
    int[] Encode(ReadOnlySpan<byte> bytes);

    /// <summary>The token ids of the UTF-8 encoding of <paramref name="text"/>.</summary>
    int[] Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    /// <summary>The bytes of <paramref name="tokens"/>, concatenated.</summary>
    /// <exception cref="ArgumentException">A token id is not in the vocabulary.</exception>
    byte[] Decode(ReadOnlySpan<int> tokens);

    /// <summary>The bytes of <paramref name="tokens"/> as UTF-8 text; bytes that are not valid UTF-8 (such as a character cut between tokens) become U+FFFD.</summary>
    /// <exception cref="ArgumentException">A token id is not in the vocabulary.</exception>
    string DecodeText(ReadOnlySpan<int> tokens) => Encoding.UTF8.GetString(Decode(tokens));
}
