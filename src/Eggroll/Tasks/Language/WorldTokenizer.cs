using System.Globalization;
using System.Text;

namespace Eggroll.Tasks.Language;

/// <summary>
/// The RWKV "World" tokenizer: a vocabulary file (such as <c>rwkv_vocab_v20230424.txt</c>) with one token per line,
/// <c>&lt;id&gt; &lt;Python str or bytes literal&gt; &lt;byte length&gt;</c>, str tokens standing for their UTF-8 bytes.
/// Encoding is greedy: at each position the longest token that matches the following bytes is taken, as the reference
/// trie tokenizer does; decoding concatenates the tokens' bytes. When two lines hold the same bytes, the later one's id
/// is the one encoding produces (as in the reference); both ids decode.
/// </summary>
public sealed class WorldTokenizer : ITokenizer
{
    /// <summary>Largest id accepted (exclusive), far above any real vocabulary; guards the id table's size.</summary>
    public const int MaxId = 1 << 24;

    private const int Root = 0;

    private readonly byte[]?[] tokens;
    private readonly Dictionary<long, int> children = [];
    private readonly List<int> tokenAt = [-1];

    private WorldTokenizer(byte[]?[] tokens, IEnumerable<(int Id, byte[] Bytes)> inFileOrder)
    {
        this.tokens = tokens;
        foreach (var (id, bytes) in inFileOrder)
        {
            Add(bytes, id);
        }
    }

    /// <summary>One past the largest id in the file (ids missing from the file, such as 0 for end-of-text in the World vocabulary, never come out of <see cref="Encode(ReadOnlySpan{byte})"/>).</summary>
    public int VocabularySize => tokens.Length;

    /// <summary>Reads the vocabulary file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// A line is malformed (the message names the file, the line number and the problem), an id repeats, a token's
    /// byte count differs from the length its line gives, or some single byte has no token (so some input could not be encoded).
    /// </exception>
    public static WorldTokenizer Load(string path)
    {
        var entries = new List<(int Id, byte[] Bytes)>();
        var lineOfId = new Dictionary<int, int>();
        byte[] file = File.ReadAllBytes(path);
        int lineNumber = 0;
        for (int start = 0; start < file.Length;)
        {
            int end = Array.IndexOf(file, (byte)'\n', start);
            end = end < 0 ? file.Length : end;
            lineNumber++;
            try
            {
                var (id, bytes) = ParseLine(file.AsSpan(start, end - start));
                if (!lineOfId.TryAdd(id, lineNumber))
                {
                    throw new InvalidDataException($"id {id} is already used on line {lineOfId[id]}.");
                }

                entries.Add((id, bytes));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: {e.Message}", e);
            }

            start = end + 1;
        }

        if (entries.Count == 0)
        {
            throw new InvalidDataException($"{path}: the vocabulary file has no tokens.");
        }

        var byId = new byte[]?[entries.Max(e => e.Id) + 1];
        foreach (var (id, bytes) in entries)
        {
            byId[id] = bytes;
        }

        var tokenizer = new WorldTokenizer(byId, entries);
        int uncovered = Enumerable.Range(0, 256).FirstOrDefault(b => tokenizer.Child(Root, (byte)b) is not int node || tokenizer.tokenAt[node] < 0, -1);
        return uncovered < 0
            ? tokenizer
            : throw new InvalidDataException($"{path}: no token is the single byte 0x{uncovered:X2}, so some input could not be encoded; a World vocabulary has a token for every byte.");
    }

    /// <inheritdoc/>
    public int[] Encode(ReadOnlySpan<byte> bytes)
    {
        var ids = new List<int>();
        for (int position = 0; position < bytes.Length;)
        {
            int node = Root;
            int longest = 0;
            int id = -1;
            for (int length = 1; position + length <= bytes.Length && Child(node, bytes[position + length - 1]) is int next; length++)
            {
                node = next;
                if (tokenAt[node] >= 0)
                {
                    (longest, id) = (length, tokenAt[node]);
                }
            }

            ids.Add(id);
            position += longest;
        }

        return [.. ids];
    }

    /// <inheritdoc/>
    public byte[] Decode(ReadOnlySpan<int> tokens)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < tokens.Length; i++)
        {
            int id = tokens[i];
            bytes.AddRange(id >= 0 && id < this.tokens.Length && this.tokens[id] is { } token
                ? token
                : throw new ArgumentException($"Token {id} at position {i} is not in the vocabulary.", nameof(tokens)));
        }

        return [.. bytes];
    }

    private static (int Id, byte[] Bytes) ParseLine(ReadOnlySpan<byte> raw)
    {
        string line;
        try
        {
            line = new UTF8Encoding(false, true).GetString(raw).TrimEnd('\r');
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("the line is not valid UTF-8.");
        }

        int first = line.IndexOf(' ', StringComparison.Ordinal);
        int last = line.LastIndexOf(' ');
        if (first <= 0 || last == first)
        {
            throw new InvalidDataException($"expected '<id> <str or bytes literal> <byte length>', got '{line}'.");
        }

        int id = Number(line[..first], "id");
        if (id >= MaxId)
        {
            throw new InvalidDataException($"the id {id} is not below {MaxId}.");
        }

        byte[] bytes = PythonLiteral.ToBytes(line[(first + 1)..last]);
        int length = Number(line[(last + 1)..], "byte length");
        if (bytes.Length == 0)
        {
            throw new InvalidDataException("the token is empty.");
        }

        return bytes.Length == length
            ? (id, bytes)
            : throw new InvalidDataException($"the token has {bytes.Length} bytes but the line gives length {length}.");
    }

    private static int Number(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value < Array.MaxLength
            ? value
            : throw new InvalidDataException($"the {what} '{text}' is not a non-negative integer.");

    private void Add(byte[] bytes, int id)
    {
        int node = Root;
        foreach (byte b in bytes)
        {
            if (Child(node, b) is not int next)
            {
                next = tokenAt.Count;
                tokenAt.Add(-1);
                children.Add(Edge(node, b), next);
            }

            node = next;
        }

        tokenAt[node] = id;
    }

    private int? Child(int node, byte b) => children.TryGetValue(Edge(node, b), out int child) ? child : null;

    private static long Edge(int node, byte b) => ((long)node << 8) | b;
}
