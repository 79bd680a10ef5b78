using System.Diagnostics;

namespace Eggroll.Tests.Lifecycle;

/// <summary>The <c>eggroll</c> command as a child process, for signals and hard kills that an in-process run cannot take.</summary>
internal sealed class CliProcess : IDisposable
{
    /// <summary>How long a process may run from its start, for all the waits on it together; well under CI's hang limit.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();

    private CliProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        InheritedInterrupt.Restore();
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Eggroll.Cli"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything the process printed so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts <c>eggroll <paramref name="args"/></c>.</summary>
    public static CliProcess Start(params string[] args) => new(args, new Dictionary<string, string>());

    /// <summary>Runs <c>eggroll <paramref name="args"/></c> to its end and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Run"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static (int ExitCode, string Output) RunWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var cli = new CliProcess(args, environment);
        return (cli.WaitForExit(), cli.Output);
    }

    /// <summary>Sends the POSIX signal <paramref name="name"/> (e.g. "TERM", "INT", "KILL").</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits until <paramref name="condition"/> holds or the process ends; true when the condition held.</summary>
    public bool WaitUntil(Func<bool> condition)
    {
        while (!condition())
        {
            if (process.HasExited || clock.Elapsed > Patience)
            {
                return condition();
            }

            Thread.Sleep(10);
        }

        return true;
    }

    /// <summary>
    /// Waits for the process to end and returns its exit code; fails the test if it hangs, with <paramref name="describe"/>'s
    /// text (e.g. the output of the processes it works with) or else its own output.
    /// </summary>
    public int WaitForExit(Func<string>? describe = null)
    {
        if (!process.WaitForExit(Remaining()))
        {
            process.Kill();
            Assert.Fail($"eggroll did not finish within {Patience} of its start; output:\n{describe?.Invoke() ?? Output}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }

    /// <summary>What is left of <see cref="Patience"/>, and at least the time a process needs to stop once told to.</summary>
    private TimeSpan Remaining() => Patience - clock.Elapsed is var left && left > StopGrace ? left : StopGrace;

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
