using System.Text;

namespace Eggroll.Tests.Language;

/// <summary>A small vocabulary file in the RWKV World format: every single byte (id = byte + 1, written as Python's repr writes it) and a few longer tokens.</summary>
internal static class WorldVocabulary
{
    /// <summary>The longer tokens: id, the literal as it appears in the file, its byte length.</summary>
    public static readonly (int Id, string Literal, int Length)[] Words =
    [
        (300, "'he'", 2),
        (301, "'hel'", 3),
        (302, "'hello'", 5),
        (303, "' world'", 6),
        (304, "'\\n\\n'", 2),
        (305, "\"it's\"", 4),
        (306, "'\\\\\\\\'", 2),
        (307, "b'\\xe4\\xbd'", 2),
        (308, "'你好'", 6),
        (309, "'a b'", 3),
        (310, "'\\u00e9t\\xe9'", 5),
        (311, "'\"q\"'", 3),
        (312, "'abc'", 3),
        (313, "'cd'", 2),
        (314, "'ab'", 2),
    ];

    /// <summary>The id of the single-byte token <paramref name="b"/>.</summary>
    public static int Byte(char b) => b + 1;

    /// <summary>The file's lines, every byte but <paramref name="missingByte"/> included.</summary>
    public static List<string> Lines(int missingByte = -1)
    {
        var lines = Enumerable.Range(0, 256).Where(b => b != missingByte).Select(b => $"{b + 1} {Repr(b)} 1").ToList();
        lines.AddRange(Words.Select(w => $"{w.Id} {w.Literal} {w.Length}"));
        return lines;
    }

    public static string Write(string directory, IEnumerable<string> lines)
    {
        string path = Path.Combine(directory, $"vocab-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    /// <summary>How Python writes the one-byte token <paramref name="b"/>: bytes below 0x80 as a str repr, others as a bytes repr.</summary>
    private static string Repr(int b) => b switch
    {
        '\t' => "'\\t'",
        '\n' => "'\\n'",
        '\r' => "'\\r'",
        '\'' => "\"'\"",
        '\\' => "'\\\\'",
        >= 0x20 and < 0x7F => $"'{(char)b}'",
        < 0x80 => $"'\\x{b:x2}'",
        _ => $"b'\\x{b:x2}'",
    };
}
