using System.CommandLine;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll eval</c>: reports the loss of a checkpointed model on its task's train and test sets; <c>eval rl</c> evaluates a policy.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var checkpointOption = new Option<string>("--checkpoint")
        {
            Description = "A run directory or its checkpoint/ directory.",
            Required = true,
        };
        var command = new Command("eval", "Evaluate a trained model from its checkpoint.");
        command.Options.Add(checkpointOption);
        command.SetAction(parse => Run(parse.GetValue(checkpointOption)!));
        command.Subcommands.Add(EvalRlCommand.Create());
        return command;
    }

    private static int Run(string path)
    {
        var (checkpoint, stored) = TrainingSession.LoadForEvaluation(path, SupervisedRun.Kind, "train");
        var run = SupervisedRun.Create(ConfigLoader.FromNode<SupervisedRunConfig>(stored, checkpoint.StatePath));
        RunCheckpoint.Restore(run.CreateTrainer(), checkpoint);
        Console.WriteLine($"{checkpoint.Directory} (epoch {checkpoint.State.Epoch}, task {run.Config.Task.Name}): {run.DescribeTestResult()}");
        return ExitCodes.Success;
    }
}
