namespace Eggroll;

/// <summary>Shortens a value quoted in an error message, so that a huge input is never echoed whole.</summary>
public static class Echo
{
    /// <summary>The most characters of a value an error message repeats.</summary>
    public const int MaxLength = 200;

    /// <summary><paramref name="text"/>, or its first <see cref="MaxLength"/> characters followed by "… (N characters)".</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= MaxLength)
        {
            return text;
        }

        int cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return $"{text[..cut]}… ({text.Length} characters)";
    }
}
