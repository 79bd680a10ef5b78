using System.Globalization;
using System.Text;

namespace Eggroll.Tasks.Language;

/// <summary>
/// Reads a Python string literal (<c>'...'</c> or <c>"..."</c>, as UTF-8 bytes) or bytes literal (<c>b'...'</c>) as
/// <c>repr</c> writes them, with Python's escapes (<c>\\ \' \" \a \b \f \n \r \t \v \ooo \xhh</c>, and <c>\uXXXX
/// \UXXXXXXXX</c> in strings); an unknown escape keeps its backslash, as in Python. Nothing is evaluated.
/// </summary>
internal static class PythonLiteral
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>The bytes <paramref name="literal"/> stands for (surrounding spaces ignored).</summary>
    /// <exception cref="InvalidDataException">It is not a single-quoted or double-quoted str or bytes literal, or an escape is malformed.</exception>
    public static byte[] ToBytes(string literal)
    {
        string text = literal.Trim(' ');
        bool isBytes = text.StartsWith('b') || text.StartsWith('B');
        int open = isBytes ? 1 : 0;
        if (text.Length < open + 2 || text[open] is not ('\'' or '"') || text[^1] != text[open])
        {
            throw new InvalidDataException($"{Show(text)} is not a quoted str ('...') or bytes (b'...') literal.");
        }

        var units = new List<int>();
        Read(text[(open + 1)..^1], text[open], isBytes, units);
        return isBytes ? units.Select(u => (byte)u).ToArray() : Utf8(units);
    }

    /// <summary>Appends the literal's code units: bytes for a bytes literal, UTF-16 code units for a str literal (escapes give code points).</summary>
    private static void Read(string body, char quote, bool isBytes, List<int> units)
    {
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == quote)
            {
                throw new InvalidDataException($"an unescaped {quote} at character {i + 1} ends the literal early.");
            }

            if (c != '\\')
            {
                units.Add(isBytes && c > 0x7F ? throw new InvalidDataException($"a bytes literal holds the non-ASCII character {Show(c.ToString())}.") : c);
                continue;
            }

            if (++i == body.Length)
            {
                throw new InvalidDataException("the literal ends in a lone backslash.");
            }

            char escape = body[i];
            switch (escape)
            {
                case '\\' or '\'' or '"': units.Add(escape); break;
                case 'a': units.Add(7); break;
                case 'b': units.Add(8); break;
                case 'f': units.Add(12); break;
                case 'n': units.Add(10); break;
                case 'r': units.Add(13); break;
                case 't': units.Add(9); break;
                case 'v': units.Add(11); break;
                case >= '0' and <= '7': i = Octal(body, i, isBytes, units); break;
                case 'x': AddCodePoint(Hex(body, ref i, 2), isBytes, units); break;
                case 'u' when !isBytes: AddCodePoint(Hex(body, ref i, 4), isBytes, units); break;
                case 'U' when !isBytes: AddCodePoint(Hex(body, ref i, 8), isBytes, units); break;
                case 'N' when !isBytes: throw new InvalidDataException("\\N{...} escapes are not supported.");
                default: units.Add('\\'); units.Add(escape); break;
            }
        }
    }

    /// <summary>Reads up to three octal digits starting at <paramref name="start"/>; returns the index of the last one.</summary>
    private static int Octal(string body, int start, bool isBytes, List<int> units)
    {
        int end = start;
        int value = 0;
        while (end < body.Length && end < start + 3 && body[end] is >= '0' and <= '7')
        {
            value = (value * 8) + (body[end++] - '0');
        }

        AddCodePoint(value, isBytes, units);
        return end - 1;
    }

    /// <summary>Reads exactly <paramref name="digits"/> hex digits after the escape letter at <paramref name="i"/>, leaving <paramref name="i"/> on the last.</summary>
    private static long Hex(string body, ref int i, int digits)
    {
        string hex = body.Length - i - 1 >= digits ? body.Substring(i + 1, digits) : "";
        if (hex.Length != digits || !uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value))
        {
            throw new InvalidDataException($"\\{body[i]} must be followed by {digits} hex digits.");
        }

        i += digits;
        return value;
    }

    private static void AddCodePoint(long value, bool isBytes, List<int> units)
    {
        if (isBytes)
        {
            units.Add(value <= 0xFF ? (int)value : throw new InvalidDataException($"the escape for {value} is larger than a byte."));
            return;
        }

        if (value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
        {
            throw new InvalidDataException($"U+{value:X} is not a character UTF-8 can encode.");
        }

        units.AddRange(char.ConvertFromUtf32((int)value).Select(u => (int)u));
    }

    private static byte[] Utf8(List<int> units)
    {
        try
        {
            return StrictUtf8.GetBytes(units.Select(u => (char)u).ToArray());
        }
        catch (EncoderFallbackException)
        {
            throw new InvalidDataException("the str literal holds an unpaired surrogate, which UTF-8 cannot encode.");
        }
    }

    private static string Show(string text) => text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}...'";
}
