using System.CommandLine;

namespace Eggroll.Cli.Commands;

/// <summary>
/// The options every <c>train</c> command reads its run config from: <c>--config FILE</c>, repeatable
/// <c>--set field=value</c>, the command's shortcut options on top, and <c>--resume DIR</c>.
/// </summary>
internal sealed class ConfigOptions
{
    private readonly ShortcutOptions shortcuts;

    /// <summary>Creates the options; the texts complete their help.</summary>
    /// <param name="shortcuts">The command's shortcut options.</param>
    /// <param name="configHelp">What the config file holds.</param>
    /// <param name="setExample">An example assignment for <c>--set</c>.</param>
    /// <param name="resumeHelp">What may change on resume.</param>
    public ConfigOptions(ShortcutOptions shortcuts, string configHelp, string setExample, string resumeHelp)
    {
        this.shortcuts = shortcuts;
        Config = new Option<string?>("--config") { Description = $"JSON config file {configHelp} [default: none, the built-in defaults]." };
        Set = new Option<string[]>("--set") { Description = $"Override a config field, e.g. --set {setExample} (repeatable) [default: none].", AllowMultipleArgumentsPerToken = false };
        Resume = new Option<string?>("--resume") { Description = $"Continue the run in this directory from its checkpoint, bit for bit; {resumeHelp} [default: none, a new run]." };
    }

    /// <summary><c>--config</c>.</summary>
    public Option<string?> Config { get; }

    /// <summary><c>--set</c>.</summary>
    public Option<string[]> Set { get; }

    /// <summary><c>--resume</c>.</summary>
    public Option<string?> Resume { get; }

    /// <summary>Adds all the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Set);
        command.Options.Add(Resume);
        shortcuts.AddTo(command);
    }

    /// <summary>
    /// The <c>--resume</c> directory, or null for a new run. A resumed run keeps its stored config,
    /// so <c>--config</c> and any of <paramref name="newRunOnly"/> are refused beside it.
    /// </summary>
    /// <exception cref="ConfigException">One of those options was given with <c>--resume</c>.</exception>
    public string? ResumeDirectory(ParseResult parse, params Option[] newRunOnly)
    {
        string? directory = parse.GetValue(Resume);
        if (directory is not null && newRunOnly.Prepend(Config).FirstOrDefault(o => parse.GetResult(o) is not null) is { } refused)
        {
            throw new ConfigException(refused.Name, "cannot be given when resuming: the run keeps the config stored in its checkpoint.");
        }

        return directory;
    }

    /// <summary>The shortcut options given on the command line, each with its value as typed.</summary>
    public IEnumerable<(Shortcut Shortcut, string Value)> GivenShortcuts(ParseResult parse) => shortcuts.Given(parse);

    /// <summary>The overrides given on the command line: the <c>--set</c> assignments, then the shortcuts'.</summary>
    public List<string> Overrides(ParseResult parse) =>
        (parse.GetValue(Set) ?? []).Concat(shortcuts.Assignments(parse)).ToList();
}
