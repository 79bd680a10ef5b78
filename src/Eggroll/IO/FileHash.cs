using System.Security.Cryptography;

namespace Eggroll.IO;

/// <summary>Content hashes of checkpoint files, so a truncated or modified file is caught before it is used.</summary>
internal static class FileHash
{
    /// <summary>Lower-case hex SHA-256 of the file at <paramref name="path"/>, streamed.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>True when the file's SHA-256 equals <paramref name="expectedHex"/> (either letter case).</summary>
    public static bool Matches(string path, string expectedHex) =>
        string.Equals(Sha256(path), expectedHex, StringComparison.OrdinalIgnoreCase);
}
