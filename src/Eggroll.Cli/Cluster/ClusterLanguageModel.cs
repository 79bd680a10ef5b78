using System.CommandLine;
using Eggroll.Cli.Commands;
using Eggroll.Cli.Language;
using Eggroll.Tasks.Language;
using Eggroll.Training;

namespace Eggroll.Cli.Cluster;

/// <summary>
/// <c>--kind lm</c> of the cluster verbs: the language models of <c>eggroll train lm</c> trained with EGGROLL, the int8
/// EGG model or RWKV-7 (<c>modelKind</c>). Its run config names
/// its fields otherwise than the evolution kinds' do, so the shortcuts with a counterpart are renamed and the others
/// refused; everything else is set with <c>--config</c> and <c>--set</c>, as for <c>train lm</c> (the fields of its
/// <c>config.json</c>). Every worker reads the corpus from its own <c>data</c> path.
/// </summary>
internal static class ClusterLanguageModel
{
    /// <summary>The language model's field for each evolution shortcut that has one.</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["--epochs"] = "epochs",
        ["--seed"] = "training.seed",
        ["--threads"] = "threads",
        ["--checkpoint-every"] = "checkpointEvery",
        ["--population"] = "training.population",
        ["--rank"] = "training.update.rank",
    };

    /// <summary>Trains the run (fresh, or <paramref name="resume"/>) with its job placed by <paramref name="placement"/>; returns the exit code.</summary>
    /// <exception cref="ConfigException">An option does not apply, or the config's method is not EGGROLL.</exception>
    public static int Coordinate(ConfigOptions options, ParseResult parse, string? resume, JobPlacement placement)
    {
        var (overrides, output) = Overrides(options, parse);
        if (resume is not null && output is not null)
        {
            throw new ConfigException("--out", "cannot be given when resuming: the run continues in its directory.");
        }

        var (config, directory, checkpoint) = RunDirectoryCommand.Open<LmRunConfig>(parse.GetValue(options.Config), overrides, resume, output, "lm", LmRunConfig.ResumableFields);
        RequireEggroll(config);
        return LmTrainCommand.Train(config, directory, checkpoint, placement);
    }

    /// <summary>How a worker builds its replica of the run, and its thread count.</summary>
    /// <exception cref="ConfigException">An option does not apply, the config's method is not EGGROLL, or the data file is missing.</exception>
    public static (Func<IPopulationJob> Create, int Threads) Worker(ConfigOptions options, ParseResult parse)
    {
        var config = ConfigLoader.Load<LmRunConfig>(parse.GetValue(options.Config), Overrides(options, parse).Overrides);
        RequireEggroll(config);
        var corpus = LmTrainCommand.CorpusOf(config);
        return (() => LmTrainCommand.EggrollJobOf(config, corpus), config.Threads);
    }

    /// <summary>The <c>--set</c> assignments and the renamed shortcuts, and the <c>--out</c> directory if given.</summary>
    private static (List<string> Overrides, string? Output) Overrides(ConfigOptions options, ParseResult parse)
    {
        var overrides = new List<string>(parse.GetValue(options.Set) ?? []);
        string? output = null;
        foreach (var (shortcut, value) in options.GivenShortcuts(parse))
        {
            if (shortcut.Name == "--out")
            {
                output = value;
            }
            else if (Fields.TryGetValue(shortcut.Name, out string? field))
            {
                overrides.Add(ShortcutOptions.Assignment(shortcut, field, value));
            }
            else
            {
                throw new ConfigException(shortcut.Name, "does not apply to --kind lm; set the language model's fields with --set, as in eggroll train lm's config.json (e.g. --set training.update.alpha=0.1).");
            }
        }

        return (overrides, output);
    }

    private static void RequireEggroll(LmRunConfig config)
    {
        if (config.Method != LmMethod.Eggroll)
        {
            throw new ConfigException("method", $"only EGGROLL spreads over a cluster, got {config.Method.ToString().ToLowerInvariant()}; train with backprop on one machine with eggroll train lm.");
        }
    }
}
