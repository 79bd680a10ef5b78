namespace Eggroll.Cli.Commands;

/// <summary>Checks, before any work is done, that results can be written where the user asked.</summary>
internal static class OutputPaths
{
    /// <summary>Creates the directory <paramref name="path"/> (with its parents) and checks that it accepts files.</summary>
    /// <exception cref="ConfigException">The path is a file, or cannot be created or written; names <paramref name="option"/>.</exception>
    public static void RequireDirectory(string path, string option)
    {
        if (File.Exists(path))
        {
            throw new ConfigException(option, $"{Echo.Of(path)} is a file; a directory is expected.");
        }

        try
        {
            Directory.CreateDirectory(path);
            using (File.Create(Path.Combine(path, $".eggroll-write-test-{Environment.ProcessId}"), 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(option, $"cannot write to {Echo.Of(path)}: {e.Message}");
        }
    }

    /// <summary>Creates the parent directory of the file <paramref name="path"/> and checks that it accepts files.</summary>
    /// <exception cref="ConfigException">The path is a directory, or its directory cannot be created or written; names <paramref name="option"/>.</exception>
    public static void RequireFile(string path, string option)
    {
        if (Directory.Exists(path))
        {
            throw new ConfigException(option, $"{Echo.Of(path)} is a directory; a file is expected.");
        }

        RequireDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!, option);
    }
}
