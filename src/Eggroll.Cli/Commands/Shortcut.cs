namespace Eggroll.Cli.Commands;

/// <summary>One command-line option that stands for <c>--set <paramref name="Field"/>=value</c>.</summary>
/// <param name="Name">The option, e.g. <c>--epochs</c>.</param>
/// <param name="Field">The dotted config field it sets, e.g. <c>training.epochs</c>.</param>
/// <param name="Description">Help text.</param>
/// <param name="Text">Whether the value is always a string (a path), never parsed as JSON.</param>
/// <param name="Default">The default shown in help when it is not simply the config's value of the field.</param>
internal sealed record Shortcut(string Name, string Field, string Description, bool Text = false, string? Default = null);
