using System.CommandLine;
using Eggroll.Tasks.Rl;
using Eggroll.Training;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll eval rl</c>: mean ± std return of a checkpointed policy over many episodes.</summary>
internal static class EvalRlCommand
{
    public static Command Create()
    {
        var checkpointOption = new Option<string>("--checkpoint") { Description = "A run directory of train rl or its checkpoint/ directory.", Required = true };
        var episodesOption = new Option<int?>("--episodes") { Description = "Episodes to run (default: env.evalEpisodes of the run, 100)." };
        var seedOption = new Option<ulong?>("--seed") { Description = "Seed of the evaluation episodes (default: the run's seed)." };
        var command = new Command("rl", "Evaluate a trained policy: mean ± std return over 100 episodes, without noise.");
        command.Options.Add(checkpointOption);
        command.Options.Add(episodesOption);
        command.Options.Add(seedOption);
        command.SetAction(parse => Run(parse.GetValue(checkpointOption)!, parse.GetValue(episodesOption), parse.GetValue(seedOption)));
        return command;
    }

    private static int Run(string path, int? episodes, ulong? seed)
    {
        if (episodes is < 1)
        {
            throw new ConfigException("--episodes", $"must be at least 1, got {episodes}.");
        }

        var (checkpoint, stored) = TrainingSession.LoadForEvaluation(path, RlRun.Kind, "train rl");
        var run = RlRun.Create(ConfigLoader.FromNode<RlRunConfig>(stored, checkpoint.StatePath));
        var job = run.CreateJob();
        RunCheckpoint.Restore(job, checkpoint);
        var result = run.Evaluate(job, episodes ?? run.Config.Env.EvalEpisodes, seed ?? run.Config.Training.Seed);
        Console.WriteLine($"{checkpoint.Directory} (epoch {checkpoint.State.Epoch}): {run.Describe(result)}");
        return ExitCodes.Success;
    }
}
