using System.CommandLine;
using System.Text.Json.Nodes;
using Eggroll.Cli.Config;
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
        string directory = File.Exists(Path.Combine(path, CheckpointStore.StateFileName)) ? path : Path.Combine(path, "checkpoint");
        var checkpoint = CheckpointStore.Load(directory);
        string statePath = Path.Combine(directory, CheckpointStore.StateFileName);
        if (checkpoint.State.Run is not JsonObject stored)
        {
            throw new CheckpointException($"{statePath}: the checkpoint has no run config, so the model cannot be rebuilt.");
        }

        var run = SupervisedRun.Create(ConfigLoader.FromNode<RunConfig>(stored, statePath));
        var trainer = new Training.Trainer(run.Model, run.Objective, run.TrainerOptions);
        CheckpointStore.Restore(trainer, checkpoint);
        Console.WriteLine($"{directory} (epoch {checkpoint.State.Epoch}, task {run.Config.Task.Name}): {run.DescribeTestResult()}");
        return ExitCodes.Success;
    }
}
