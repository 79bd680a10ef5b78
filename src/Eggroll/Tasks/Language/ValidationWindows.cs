namespace Eggroll.Tasks.Language;

/// <summary>Held-out bytes cut into consecutive windows for bits/byte: each window predicts its bytes from the zero state.</summary>
public static class ValidationWindows
{
    /// <summary>
    /// The first <paramref name="maxBytes"/> bytes as windows of <paramref name="length"/> + 1 bytes (length shortened
    /// when the data is), window c covering bytes c·length … (c + 1)·length, so every byte after the first is predicted once.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two bytes are available.</exception>
    public static (byte[] Data, int Windows, int Length) Cut(ReadOnlySpan<byte> bytes, int length, int maxBytes)
    {
        int available = Math.Min(bytes.Length, maxBytes) - 1;
        if (available < 1)
        {
            throw new ArgumentException($"{bytes.Length} bytes hold nothing to predict.", nameof(bytes));
        }

        length = Math.Min(length, available);
        int windows = available / length;
        var data = new byte[windows * (length + 1)];
        for (int c = 0; c < windows; c++)
        {
            bytes.Slice(c * length, length + 1).CopyTo(data.AsSpan(c * (length + 1)));
        }

        return (data, windows, length);
    }
}
