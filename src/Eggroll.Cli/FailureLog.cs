using System.Globalization;

namespace Eggroll.Cli;

/// <summary>Keeps the full report of an unexpected failure in a file, so that the console gets one line.</summary>
internal static class FailureLog
{
    /// <summary>Writes <paramref name="failure"/> with its stack trace to <c>eggroll-error-&lt;timestamp&gt;.log</c> in the temporary directory and returns the file's path.</summary>
    public static string Write(Exception failure, IEnumerable<string> args)
    {
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        string path = Path.Combine(Path.GetTempPath(), $"eggroll-error-{stamp}-{Environment.ProcessId}.log");
        File.WriteAllText(path, $"eggroll {string.Join(' ', args)}\n{DateTime.UtcNow:O}\n\n{failure}\n");
        return path;
    }
}
