using System.CommandLine;
using System.Globalization;
using Eggroll.Training;

namespace Eggroll.Cli.Commands;

/// <summary>
/// A training verb whose run lives in one directory: a fresh run from <c>--config</c>/<c>--set</c> in <c>--out</c>
/// (default <c>runs/PREFIX-timestamp</c>, which must not hold a run yet), or <c>--resume DIR</c> from its checkpoint
/// with only the resumable fields overridden.
/// </summary>
internal static class RunDirectoryCommand
{
    /// <summary>The command <paramref name="name"/>: parses its options and calls <paramref name="train"/> with the config, the run directory and the checkpoint to resume (null for a fresh run).</summary>
    public static Command Create<TConfig>(string name, string description, string directoryPrefix, ConfigOptions options, IReadOnlyCollection<string> resumableFields, Func<TConfig, string, LoadedCheckpoint?, int> train)
        where TConfig : class, IRunConfig, new()
    {
        var output = new Option<string?>("--out") { Description = $"Run directory [default: runs/{directoryPrefix}-<timestamp>]." };
        var command = new Command(name, description);
        command.Options.Add(output);
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var overrides = options.Overrides(parse);
            string? resume = options.ResumeDirectory(parse, output);
            var (config, directory, checkpoint) = Open<TConfig>(parse.GetValue(options.Config), overrides, resume, parse.GetValue(output), directoryPrefix, resumableFields);
            return train(config, directory, checkpoint);
        });
        return command;
    }

    /// <summary>
    /// The run to train: with <paramref name="resume"/>, its stored config (only <paramref name="resumableFields"/>
    /// overridden) and checkpoint; otherwise a fresh run from <paramref name="configPath"/> and <paramref name="overrides"/>
    /// in <paramref name="output"/> (default <c>runs/PREFIX-timestamp</c>), which must not hold a run yet ("out" names it in errors).
    /// </summary>
    public static (TConfig Config, string Directory, LoadedCheckpoint? Checkpoint) Open<TConfig>(string? configPath, List<string> overrides, string? resume, string? output, string directoryPrefix, IReadOnlyCollection<string> resumableFields)
        where TConfig : class, IRunConfig, new()
    {
        if (resume is not null)
        {
            var (checkpoint, run) = TrainingSession.LoadForResume(resume, overrides, resumableFields);
            return (ConfigLoader.FromNode<TConfig>(run, checkpoint.StatePath), resume, checkpoint);
        }

        var config = ConfigLoader.Load<TConfig>(configPath, overrides);
        string directory = output ?? $"runs/{directoryPrefix}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        TrainingSession.RequireFreshOutput(directory, "out");
        return (config, directory, null);
    }
}
