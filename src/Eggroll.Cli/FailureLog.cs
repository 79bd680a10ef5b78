using System.Globalization;

namespace Eggroll.Cli;

/// <summary>Keeps the full report of an unexpected failure in a file, so that the console gets one line.</summary>
internal static class FailureLog
{
    /// <summary>The run directory of the command that is running, once it has one; the report goes there.</summary>
    public static string? RunDirectory { get; set; }

    /// <summary>
    /// Writes <paramref name="failure"/> with its stack trace to <c>eggroll-error-&lt;timestamp&gt;.log</c> in the run
    /// directory (or, before a command has one, the temporary directory) and returns the file's path.
    /// </summary>
    public static string Write(Exception failure, IEnumerable<string> args)
    {
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        string folder = RunDirectory is { } run && Directory.Exists(run) ? run : Path.GetTempPath();
        string path = Path.Combine(folder, $"eggroll-error-{stamp}-{Environment.ProcessId}.log");
        File.WriteAllText(path, $"eggroll {string.Join(' ', args)}\n{DateTime.UtcNow:O}\n\n{failure}\n");
        return path;
    }
}
