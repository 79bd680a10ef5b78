using System.CommandLine;
using Eggroll.Cli.Commands;
using Eggroll.Training;

namespace Eggroll.Cli;

/// <summary>The <c>eggroll</c> command line: verbs, and the translation of user mistakes into one-line errors.</summary>
internal static class EggrollCli
{
    /// <summary>Runs the command line <paramref name="args"/> and returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var root = new RootCommand("eggroll: train neural networks with low-rank evolution strategies (EGGROLL) and OpenES.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        root.Subcommands.Add(EnvCommand.Create());
        root.Subcommands.Add(Language.LmCommand.Create());
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is ConfigException or CheckpointException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UserError;
        }
    }
}
