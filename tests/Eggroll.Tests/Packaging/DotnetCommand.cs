using System.Diagnostics;

namespace Eggroll.Tests.Packaging;

/// <summary>Runs the <c>dotnet</c> host (or a program it installed) as a child process and captures its output.</summary>
internal static class DotnetCommand
{
    /// <summary>The <c>dotnet</c> executable that runs the tests when the SDK says so, else the one on PATH.</summary>
    public static string HostPath => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> and waits at most <paramref name="timeout"/>.</summary>
    /// <param name="fileName">The program to start.</param>
    /// <param name="arguments">Its arguments, passed one by one without shell quoting.</param>
    /// <param name="workingDirectory">The directory it runs in.</param>
    /// <param name="environment">Variables to set (or, with a null value, remove) for the child only.</param>
    /// <param name="timeout">How long to wait before killing it and failing.</param>
    /// <returns>The exit code and the standard output and error, interleaved as they arrived.</returns>
    public static (int ExitCode, string Output) Run(
        string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
