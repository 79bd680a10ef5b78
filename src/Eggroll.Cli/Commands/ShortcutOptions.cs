using System.CommandLine;

namespace Eggroll.Cli.Commands;

/// <summary>Options that stand for common <c>--set</c> overrides (e.g. <c>--epochs 50</c> is <c>--set training.epochs=50</c>).</summary>
internal sealed class ShortcutOptions
{
    private readonly (Option<string?> Option, string Field)[] shortcuts =
    [
        (new Option<string?>("--epochs") { Description = "Total epochs (training.epochs)." }, "training.epochs"),
        (new Option<string?>("--seed") { Description = "Run seed (training.seed)." }, "training.seed"),
        (new Option<string?>("--threads") { Description = "Worker threads, 0 = all cores (training.threads)." }, "training.threads"),
        (new Option<string?>("--out") { Description = "Run directory (training.output)." }, "training.output"),
        (new Option<string?>("--checkpoint-every") { Description = "Checkpoint period in epochs (training.checkpointEvery)." }, "training.checkpointEvery"),
        (new Option<string?>("--task") { Description = "regression or rings (task.name)." }, "task.name"),
        (new Option<string?>("--strategy") { Description = "eggroll or openEs (evolution.strategy)." }, "evolution.strategy"),
        (new Option<string?>("--rank") { Description = "EGGROLL rank r (evolution.rank)." }, "evolution.rank"),
        (new Option<string?>("--population") { Description = "Population size N, even (evolution.population)." }, "evolution.population"),
        (new Option<string?>("--sigma") { Description = "Noise scale σ (evolution.sigma)." }, "evolution.sigma"),
        (new Option<string?>("--optimizer") { Description = "sgd, adam or adamW (optimizer.kind)." }, "optimizer.kind"),
        (new Option<string?>("--lr") { Description = "Learning rate (optimizer.learningRate)." }, "optimizer.learningRate"),
    ];

    /// <summary>Adds the shortcuts to <paramref name="command"/>; <c>--task</c> only when <paramref name="includeTask"/> (supervised runs).</summary>
    public void AddTo(Command command, bool includeTask)
    {
        foreach (var (option, field) in shortcuts)
        {
            if (includeTask || field != "task.name")
            {
                command.Options.Add(option);
            }
        }
    }

    /// <summary>The overrides given on the command line, as field=value.</summary>
    public IEnumerable<string> Assignments(ParseResult parse)
    {
        foreach (var (option, field) in shortcuts)
        {
            if (parse.GetValue(option) is { } value)
            {
                yield return $"{field}={value}";
            }
        }
    }
}
