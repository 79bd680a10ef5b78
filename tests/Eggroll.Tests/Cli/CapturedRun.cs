using Eggroll.Cli;

namespace Eggroll.Tests.Cli;

/// <summary>What one in-process <c>eggroll</c> invocation returned and printed.</summary>
internal sealed record CapturedRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <paramref name="command"/> (by default the command line <paramref name="args"/>) with the console captured.</summary>
    public static CapturedRun Of(string[] args, Func<int>? command = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (savedOut, savedError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int code = command is null ? EggrollCli.Run(args) : EggrollCli.Guarded(args, command);
            return new CapturedRun(code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedError);
        }
    }

    /// <summary>The single line written to stderr; fails the test when there is not exactly one.</summary>
    public string ErrorLine => Assert.Single(Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
