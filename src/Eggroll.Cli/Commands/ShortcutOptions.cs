using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;

namespace Eggroll.Cli.Commands;

/// <summary>Options that stand for common <c>--set</c> overrides (e.g. <c>--epochs 50</c> is <c>--set training.epochs=50</c>).</summary>
internal sealed class ShortcutOptions
{
    private readonly (Option<string?> Option, Shortcut Shortcut)[] options;

    /// <summary>Creates one option per shortcut; its help shows the field's value in <paramref name="defaults"/>.</summary>
    /// <param name="shortcuts">The shortcuts.</param>
    /// <param name="defaults">The config whose fields' values are the defaults shown in help.</param>
    /// <param name="qualifier">Appended to each default shown, e.g. which environment's defaults they are.</param>
    public ShortcutOptions(IEnumerable<Shortcut> shortcuts, object defaults, string qualifier = "")
    {
        var values = JsonSerializer.SerializeToNode(defaults, JsonDefaults.Options)!;
        options = shortcuts.Select(s => (new Option<string?>(s.Name) { Description = $"{s.Description} [default: {s.Default ?? ValueAt(values, s.Field) + qualifier}]" }, s)).ToArray();
    }

    /// <summary>
    /// The shortcuts of <c>train</c> and <c>train rl</c>: <paramref name="subject"/> (what is trained on, <c>--task</c> or
    /// <c>--env</c>), any <paramref name="extra"/> ones, and the evolution, optimiser and training fields, with the defaults of <paramref name="defaults"/>.
    /// </summary>
    public static ShortcutOptions Evolution(Shortcut subject, object defaults, string qualifier = "", params Shortcut[] extra)
    {
        Shortcut[] shortcuts =
        [
            subject,
            .. extra,
            new("--epochs", "training.epochs", "Total epochs (training.epochs)."),
            new("--seed", "training.seed", "Run seed (training.seed)."),
            new("--threads", "training.threads", "Worker threads, 0 = all cores (training.threads)."),
            new("--out", "training.output", "Run directory (training.output).", Text: true, Default: $"runs/<{subject.Name.TrimStart('-')}>-<timestamp>"),
            new("--checkpoint-every", "training.checkpointEvery", "Checkpoint period in epochs (training.checkpointEvery)."),
            new("--strategy", "evolution.strategy", "eggroll or openEs (evolution.strategy)."),
            new("--rank", "evolution.rank", "EGGROLL rank r (evolution.rank)."),
            new("--population", "evolution.population", "Population size N, even (evolution.population)."),
            new("--sigma", "evolution.sigma", "Noise scale σ (evolution.sigma)."),
            new("--optimizer", "optimizer.kind", "sgd, adam or adamW (optimizer.kind)."),
            new("--lr", "optimizer.learningRate", "Learning rate (optimizer.learningRate)."),
        ];
        return new ShortcutOptions(shortcuts, defaults, qualifier);
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
    public IEnumerable<string> Assignments(ParseResult parse) => Given(parse).Select(g => Assignment(g.Shortcut, g.Shortcut.Field, g.Value));

    /// <summary>The shortcuts given on the command line, each with its value as typed.</summary>
    public IEnumerable<(Shortcut Shortcut, string Value)> Given(ParseResult parse)
    {
        foreach (var (option, shortcut) in options)
        {
            if (parse.GetValue(option) is { } value)
            {
                yield return (shortcut, value);
            }
        }
    }

    /// <summary><paramref name="field"/>=<paramref name="value"/> as <paramref name="shortcut"/> assigns it (a text shortcut's value quoted as JSON).</summary>
    public static string Assignment(Shortcut shortcut, string field, string value)
    {
        ArgumentNullException.ThrowIfNull(shortcut);
        return $"{field}={(shortcut.Text ? JsonSerializer.Serialize(value) : value)}";
    }

    private static string ValueAt(JsonNode root, string field)
    {
        JsonNode? node = root;
        foreach (string key in field.Split('.'))
        {
            node = node?[key];
        }

        return node is JsonValue value && value.TryGetValue(out string? text) ? text : node?.ToJsonString() ?? "none";
    }
}
