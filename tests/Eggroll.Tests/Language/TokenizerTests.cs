using System.Text;
using Eggroll.Tasks.Language;

namespace Eggroll.Tests.Language;

/// <summary>The byte tokenizer and the RWKV World tokenizer encode greedily, decode by concatenation and refuse malformed vocabulary files by line.</summary>
public sealed class TokenizerTests(TemporaryDirectory temporary) : IClassFixture<TemporaryDirectory>
{
    private readonly string directory = temporary.CreateSubdirectory();

    [Fact]
    public void TheByteTokenizerMapsEachUtf8ByteToItselfAndBack()
    {
        ITokenizer tokenizer = new ByteTokenizer();

        int[] tokens = tokenizer.Encode("héllo");

        Assert.Equal(256, tokenizer.VocabularySize);
        Assert.Equal([0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F], tokens);
        Assert.Equal("héllo", tokenizer.DecodeText(tokens));
        Assert.StartsWith("Token 256 at position 1 is not a byte (0 to 255).", Assert.Throws<ArgumentException>(() => tokenizer.Decode([1, 256])).Message);
    }

    [Theory]
    [InlineData("hello world", new[] { 302, 303 })]
    [InlineData("help", new[] { 301, 'p' + 1 })]
    [InlineData("abcd", new[] { 312, 'd' + 1 })]
    [InlineData("ab cd", new[] { 314, ' ' + 1, 313 })]
    [InlineData("a b", new[] { 309 })]
    [InlineData("it's\n\n\n", new[] { 305, 304, '\n' + 1 })]
    [InlineData("你好你", new[] { 308, 307, 0xA0 + 1 })]
    [InlineData("été", new[] { 310 })]
    [InlineData("\"q\"\\\\", new[] { 311, 306 })]
    [InlineData("", new int[0])]
    public void TheWorldTokenizerTakesTheLongestTokenAtEachPosition(string text, int[] expected)
    {
        ITokenizer tokenizer = WorldTokenizer.Load(WorldVocabulary.Write(directory, WorldVocabulary.Lines()));

        int[] tokens = tokenizer.Encode(text);

        Assert.Equal(expected, tokens);
        Assert.Equal(text, tokenizer.DecodeText(tokens));
    }

    [Fact]
    public void TheWorldTokenizerDecodesEveryByteStringItEncodes()
    {
        var tokenizer = WorldTokenizer.Load(WorldVocabulary.Write(directory, WorldVocabulary.Lines()));
        var random = new Random(7);
        var pieces = new[] { "hello", " world", "你好", "abc", "\n\n", "été" }.Select(Encoding.UTF8.GetBytes).ToArray();
        var bytes = new List<byte>();
        while (bytes.Count < 4000)
        {
            bytes.AddRange(random.Next(3) == 0 ? [(byte)random.Next(256)] : pieces[random.Next(pieces.Length)]);
        }

        int[] tokens = tokenizer.Encode(bytes.ToArray());

        Assert.Equal(bytes, tokenizer.Decode(tokens));
        Assert.True(tokens.Length < bytes.Count / 2, $"{tokens.Length} tokens for {bytes.Count} bytes");
        Assert.Equal(315, tokenizer.VocabularySize);
    }

    [Fact]
    public void EscapesInTheVocabularyFileStandForTheirBytes()
    {
        var tokenizer = WorldTokenizer.Load(WorldVocabulary.Write(directory, WorldVocabulary.Lines()));

        Assert.Equal([0x00], tokenizer.Decode([WorldVocabulary.Byte('\0')]));
        Assert.Equal("\n"u8.ToArray(), tokenizer.Decode([WorldVocabulary.Byte('\n')]));
        Assert.Equal("'"u8.ToArray(), tokenizer.Decode([WorldVocabulary.Byte('\'')]));
        Assert.Equal([0xFF], tokenizer.Decode([256]));
        Assert.Equal("\\\\"u8.ToArray(), tokenizer.Decode([306]));
        Assert.Equal([0xE4, 0xBD], tokenizer.Decode([307]));
        Assert.Equal("été"u8.ToArray(), tokenizer.Decode([310]));
        Assert.StartsWith("Token 0 at position 1 is not in the vocabulary.", Assert.Throws<ArgumentException>(() => tokenizer.Decode([300, 0])).Message);
    }

    [Theory]
    [InlineData("abc", "expected '<id> <str or bytes literal> <byte length>', got 'abc'.")]
    [InlineData("400 'x'", "expected '<id> <str or bytes literal> <byte length>', got '400 'x''.")]
    [InlineData("", "expected '<id> <str or bytes literal> <byte length>', got ''.")]
    [InlineData("x 'a' 1", "the id 'x' is not a non-negative integer.")]
    [InlineData("-4 'a' 1", "the id '-4' is not a non-negative integer.")]
    [InlineData("99999999 'a' 1", "the id 99999999 is not below 16777216.")]
    [InlineData("400 'ab' 3", "the token has 2 bytes but the line gives length 3.")]
    [InlineData("400 '你' 1", "the token has 3 bytes but the line gives length 1.")]
    [InlineData("400 'a' x", "the byte length 'x' is not a non-negative integer.")]
    [InlineData("300 'zz' 2", "id 300 is already used on line 257.")]
    [InlineData("400 'ab 3", "''ab' is not a quoted str ('...') or bytes (b'...') literal.")]
    [InlineData("400 ab 2", "'ab' is not a quoted str ('...') or bytes (b'...') literal.")]
    [InlineData("400 'a'b' 3", "an unescaped ' at character 2 ends the literal early.")]
    [InlineData("400 b'é' 2", "a bytes literal holds the non-ASCII character 'é'.")]
    [InlineData("400 '\\x4' 1", "\\x must be followed by 2 hex digits.")]
    [InlineData("400 'a\\' 1", "the literal ends in a lone backslash.")]
    [InlineData("400 '\\N{BULLET}' 3", "\\N{...} escapes are not supported.")]
    [InlineData("400 '\\ud800' 3", "U+D800 is not a character UTF-8 can encode.")]
    [InlineData("400 b'\\777' 1", "the escape for 511 is larger than a byte.")]
    [InlineData("400 '' 0", "the token is empty.")]
    public void AMalformedVocabularyLineIsRefusedWithTheFileTheLineNumberAndTheProblem(string line, string problem)
    {
        var lines = WorldVocabulary.Lines();
        lines.Insert(270, line);
        string path = WorldVocabulary.Write(directory, lines);

        Assert.Equal($"{path}, line 271: {problem}", Assert.Throws<InvalidDataException>(() => WorldTokenizer.Load(path)).Message);
    }

    [Fact]
    public void PythonEscapesWithoutAMeaningKeepTheirBackslashAndOctalEscapesReadUpToThreeDigits()
    {
        var lines = WorldVocabulary.Lines();
        lines.Add("400 '\\q' 2");
        lines.Add("401 b'\\0\\1010' 3");
        lines.Add("402 b'\\u00e9' 6");
        var tokenizer = WorldTokenizer.Load(WorldVocabulary.Write(directory, lines));

        Assert.Equal("\\q"u8.ToArray(), tokenizer.Decode([400]));
        Assert.Equal([0, (byte)'A', (byte)'0'], tokenizer.Decode([401]));
        Assert.Equal("\\u00e9"u8.ToArray(), tokenizer.Decode([402]));
    }

    [Fact]
    public void AVocabularyWithoutSomeSingleByteIsRefused()
    {
        string path = WorldVocabulary.Write(directory, WorldVocabulary.Lines(missingByte: 0x41));

        Assert.Equal($"{path}: no token is the single byte 0x41, so some input could not be encoded; a World vocabulary has a token for every byte.", Assert.Throws<InvalidDataException>(() => WorldTokenizer.Load(path)).Message);
    }

    [Fact]
    public void AVocabularyFileThatIsNotUtf8IsRefusedByLine()
    {
        string path = WorldVocabulary.Write(directory, WorldVocabulary.Lines());
        File.AppendAllBytes(path, [(byte)'4', (byte)'0', (byte)'0', (byte)' ', (byte)'\'', 0xFF, (byte)'\'', (byte)' ', (byte)'1', (byte)'\n']);

        Assert.Equal($"{path}, line 272: the line is not valid UTF-8.", Assert.Throws<InvalidDataException>(() => WorldTokenizer.Load(path)).Message);
    }
}
