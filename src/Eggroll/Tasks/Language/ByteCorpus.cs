namespace Eggroll.Tasks.Language;

/// <summary>
/// A byte corpus (any text or binary file) with a fixed train / validation / test split: the bytes
/// are cut into blocks of <see cref="BlockBytes"/> (files under 20 blocks: length/20 bytes, so small
/// samples split too); block b goes to validation when b mod 20 = 18, to test when b mod 20 = 19,
/// otherwise to train (90 / 5 / 5). Interleaving keeps the three parts from the same mix of sources
/// when a corpus is ordered by genre, like Brown.
/// </summary>
public sealed class ByteCorpus
{
    /// <summary>Size of the split blocks of files of at least 20 blocks.</summary>
    public const int BlockBytes = 4096;

    /// <summary>Smallest corpus accepted: 20 blocks of 8 bytes, so every part holds a few bytes.</summary>
    public const int MinimumBytes = 160;

    /// <summary>Splits <paramref name="bytes"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than <see cref="MinimumBytes"/> bytes.</exception>
    public ByteCorpus(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < MinimumBytes)
        {
            throw new ArgumentException($"A corpus needs at least {MinimumBytes} bytes, got {bytes.Length}.", nameof(bytes));
        }

        int blockBytes = Math.Min(BlockBytes, bytes.Length / 20);

        var parts = new[] { new List<byte>(), new List<byte>(), new List<byte>() };
        for (int start = 0, block = 0; start < bytes.Length; start += blockBytes, block++)
        {
            int part = (block % 20) switch { 18 => 1, 19 => 2, _ => 0 };
            parts[part].AddRange(bytes.Slice(start, Math.Min(blockBytes, bytes.Length - start)));
        }

        Train = [.. parts[0]];
        Validation = [.. parts[1]];
        Test = [.. parts[2]];
    }

    /// <summary>The training bytes.</summary>
    public byte[] Train { get; }

    /// <summary>The validation bytes.</summary>
    public byte[] Validation { get; }

    /// <summary>The test bytes.</summary>
    public byte[] Test { get; }

    /// <summary>Loads and splits the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file is missing, unreadable or too small (field <c>data.path</c>).</exception>
    public static ByteCorpus Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException("data.path", $"cannot read {path}: {e.Message}");
        }

        if (bytes.Length < MinimumBytes)
        {
            throw new ConfigException("data.path", $"{path} has {bytes.Length} bytes; a corpus needs at least {MinimumBytes}.");
        }

        return new ByteCorpus(bytes);
    }
}
