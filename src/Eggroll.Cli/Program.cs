using System.CommandLine;
using Eggroll;
using Eggroll.Cli;
using Eggroll.Cli.Commands;
using Eggroll.IO;

var root = new RootCommand("eggroll: train neural networks with low-rank evolution strategies (EGGROLL) and OpenES.");
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
try
{
    return root.Parse(args).Invoke();
}
catch (Exception e) when (e is ConfigException or CheckpointException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return ExitCodes.UserError;
}
