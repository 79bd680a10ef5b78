using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Eggroll.Cli;

/// <summary>
/// The command line's own checks, and its parse errors as one line in the terms of the command line: which option,
/// which value, what is expected (never a .NET type name).
/// </summary>
internal static class CommandLineErrors
{
    /// <summary>Adds to every float or double option of <paramref name="command"/> and its subcommands a check that its value is finite.</summary>
    public static void RequireFiniteNumbers(Command command)
    {
        foreach (var option in command.Options.Where(o => IsFloatingPoint(o.ValueType)))
        {
            option.Validators.Add(result =>
            {
                if (result.Tokens is [var token] && double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsFinite(value))
                {
                    result.AddError($"{option.Name}: '{Echo.Of(token.Value)}' is not a finite number.");
                }
            });
        }

        foreach (var subcommand in command.Subcommands)
        {
            RequireFiniteNumbers(subcommand);
        }
    }

    /// <summary>One line describing the first problem of <paramref name="parse"/>, which has errors.</summary>
    public static string Describe(ParseResult parse)
    {
        string command = CommandPath(parse.CommandResult);
        string help = $"see '{command} --help'";
        if (parse.UnmatchedTokens.Count > 0)
        {
            string token = Echo.Of(parse.UnmatchedTokens[0]);
            string what = token.StartsWith('-') ? "unknown option" : parse.CommandResult.Command.Subcommands.Count > 0 ? "unknown command or stray argument" : "stray argument";
            return $"{command}: {what} '{token}'; {help}.";
        }

        var error = parse.Errors[0];
        if ((error.SymbolResult as OptionResult ?? error.SymbolResult?.Parent as OptionResult) is { } option)
        {
            return Describe(option, error.Message, help);
        }

        if (error.SymbolResult is CommandResult { Command.Subcommands.Count: > 0 } parent && parent.Command.Action is null)
        {
            return $"{command}: a command is needed: {string.Join(", ", parent.Command.Subcommands.Select(c => c.Name))}; {help}.";
        }

        return $"{command}: {FirstLine(error.Message)}; {help}.";
    }

    private static string Describe(OptionResult result, string message, string help)
    {
        var option = result.Option;
        string name = option.Name;
        if (option.Required && result.IdentifierTokenCount == 0)
        {
            return $"{name} is required; {help}.";
        }

        if (option.Arity.MaximumNumberOfValues == 1 && result.Tokens.Count > 1)
        {
            return $"{name}: given {result.Tokens.Count} times ({string.Join(", ", result.Tokens.Select(t => $"'{Echo.Of(t.Value)}'"))}); give it once.";
        }

        if (result.Tokens is [var token] && Kind(option.ValueType) is { } kind && !Parses(token.Value, option.ValueType))
        {
            return $"{name}: '{Echo.Of(token.Value)}' is not {kind}.";
        }

        return message.StartsWith(name + ":", StringComparison.Ordinal) ? message : $"{name}: {FirstLine(message)}";
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is CommandResult command; current = command.Parent)
        {
            names.Add(command.Parent is null ? "eggroll" : command.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static string FirstLine(string text) => Echo.Of(text.Split('\n')[0].Trim());

    private static bool IsFloatingPoint(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(double) || t == typeof(float));

    private static string? Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(int) => $"a whole number (at most {int.MaxValue})",
            _ when type == typeof(long) => "a whole number",
            _ when type == typeof(ulong) || type == typeof(uint) => "a whole number ≥ 0",
            _ when type == typeof(double) || type == typeof(float) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant())),
            _ => null,
        };
    }

    private static bool Parses(string text, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var culture = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.Integer, culture, out _),
            _ when type == typeof(long) => long.TryParse(text, NumberStyles.Integer, culture, out _),
            _ when type == typeof(uint) => uint.TryParse(text, NumberStyles.Integer, culture, out _),
            _ when type == typeof(ulong) => ulong.TryParse(text, NumberStyles.Integer, culture, out _),
            _ when type == typeof(double) || type == typeof(float) => double.TryParse(text, NumberStyles.Float, culture, out _),
            _ when type == typeof(bool) => bool.TryParse(text, out _),
            _ when type.IsEnum => Enum.TryParse(type, text, ignoreCase: true, out _),
            _ => true,
        };
    }
}
