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
        Mujoco.MujocoEnvironments.Register();
        var root = new RootCommand("eggroll: train neural networks with low-rank evolution strategies (EGGROLL) and OpenES.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        root.Subcommands.Add(EnvCommand.Create());
        root.Subcommands.Add(CountdownCommand.Create());
        root.Subcommands.Add(PlotCommand.Create());
        root.Subcommands.Add(Language.LmCommand.Create());
        root.Subcommands.Add(Cluster.ClusterCommand.Create());
        CommandLineErrors.RequireFiniteNumbers(root);
        return Guarded(args, () =>
        {
            var parse = root.Parse(args);
            return parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction
                ? UserError(CommandLineErrors.Describe(parse))
                : parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        });
    }

    /// <summary>
    /// Runs <paramref name="command"/>: a user error becomes one line and exit code 2; any other exception one line
    /// pointing to a file with the full report (see <see cref="FailureLog"/>) and exit code 1.
    /// </summary>
    internal static int Guarded(string[] args, Func<int> command)
    {
        try
        {
            FailureLog.RunDirectory = null;
            Numerics.KernelPaths.ThrowIfInvalid();
            return command();
        }
        catch (Exception e) when (e is ConfigException or CheckpointException or TrainingDivergedException or InvalidDataException or IOException or UnauthorizedAccessException
            or Mujoco.MujocoUnavailableException or Distributed.DistributedRunException or Distributed.ReplicaDivergedException)
        {
            return UserError(e.Message);
        }
        catch (OutOfMemoryException)
        {
            return UserError("the run needs more memory than this machine has; reduce the population, the rows per member or the model.");
        }
        catch (Exception e)
        {
            string message = Echo.Of(e.Message.Split('\n')[0].Trim().TrimEnd('.'));
            Console.Error.WriteLine($"error: unexpected failure: {message}; details in {FailureLog.Write(e, args)}");
            return ExitCodes.Failure;
        }
    }

    private static int UserError(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return ExitCodes.UserError;
    }
}
