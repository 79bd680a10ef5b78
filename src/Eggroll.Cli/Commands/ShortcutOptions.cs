using System.CommandLine;
using System.Text.Json;

namespace Eggroll.Cli.Commands;

/// <summary>Options that stand for common <c>--set</c> overrides (e.g. <c>--epochs 50</c> is <c>--set training.epochs=50</c>).</summary>
internal sealed class ShortcutOptions
{
    private readonly (Option<string?> Option, Shortcut Shortcut)[] options;

    /// <summary>Creates one option per shortcut.</summary>
    public ShortcutOptions(IEnumerable<Shortcut> shortcuts) =>
        options = shortcuts.Select(s => (new Option<string?>(s.Name) { Description = s.Description }, s)).ToArray();

    /// <summary>The shortcuts of <c>train</c> and <c>train rl</c>; <c>--task</c> only when <paramref name="includeTask"/> (supervised runs).</summary>
    public static ShortcutOptions Evolution(bool includeTask)
    {
        Shortcut[] shortcuts =
        [
            new("--epochs", "training.epochs", "Total epochs (training.epochs)."),
            new("--seed", "training.seed", "Run seed (training.seed)."),
            new("--threads", "training.threads", "Worker threads, 0 = all cores (training.threads)."),
            new("--out", "training.output", "Run directory (training.output).", Text: true),
            new("--checkpoint-every", "training.checkpointEvery", "Checkpoint period in epochs (training.checkpointEvery)."),
            new("--task", "task.name", "regression or rings (task.name)."),
            new("--strategy", "evolution.strategy", "eggroll or openEs (evolution.strategy)."),
            new("--rank", "evolution.rank", "EGGROLL rank r (evolution.rank)."),
            new("--population", "evolution.population", "Population size N, even (evolution.population)."),
            new("--sigma", "evolution.sigma", "Noise scale σ (evolution.sigma)."),
            new("--optimizer", "optimizer.kind", "sgd, adam or adamW (optimizer.kind)."),
            new("--lr", "optimizer.learningRate", "Learning rate (optimizer.learningRate)."),
        ];
        return new ShortcutOptions(shortcuts.Where(s => includeTask || s.Field != "task.name"));
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var (option, _) in options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The overrides given on the command line, as field=value.</summary>
    public IEnumerable<string> Assignments(ParseResult parse)
    {
        foreach (var (option, shortcut) in options)
        {
            if (parse.GetValue(option) is { } value)
            {
                yield return $"{shortcut.Field}={(shortcut.Text ? JsonSerializer.Serialize(value) : value)}";
            }
        }
    }
}
