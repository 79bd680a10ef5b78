using System.CommandLine;
using Eggroll.Tasks.Countdown;

namespace Eggroll.Cli.Commands;

/// <summary>The options that set a <see cref="CountdownDifficulty"/>: --min-numbers, --max-numbers, --max-number, --min-target, --max-target.</summary>
internal sealed class DifficultyOptions
{
    private readonly Option<int> minNumbers;
    private readonly Option<int> maxNumbers;
    private readonly Option<int> maxNumber;
    private readonly Option<int> minTarget;
    private readonly Option<int> maxTarget;

    /// <summary>Creates the options with <paramref name="defaults"/> as their defaults.</summary>
    public DifficultyOptions(CountdownDifficulty defaults)
    {
        minNumbers = new Option<int>("--min-numbers") { Description = "Fewest given numbers per problem.", DefaultValueFactory = _ => defaults.MinNumbers };
        maxNumbers = new Option<int>("--max-numbers") { Description = "Most given numbers per problem.", DefaultValueFactory = _ => defaults.MaxNumbers };
        maxNumber = new Option<int>("--max-number") { Description = "Largest given number.", DefaultValueFactory = _ => defaults.MaxNumber };
        minTarget = new Option<int>("--min-target") { Description = "Smallest target.", DefaultValueFactory = _ => defaults.MinTarget };
        maxTarget = new Option<int>("--max-target") { Description = "Largest target.", DefaultValueFactory = _ => defaults.MaxTarget };
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new[] { minNumbers, maxNumbers, maxNumber, minTarget, maxTarget })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The difficulty given on the command line, checked.</summary>
    /// <exception cref="Eggroll.ConfigException">A value is out of range; the message names the option.</exception>
    public CountdownDifficulty Read(ParseResult parse)
    {
        var difficulty = new CountdownDifficulty
        {
            MinNumbers = parse.GetValue(minNumbers),
            MaxNumbers = parse.GetValue(maxNumbers),
            MaxNumber = parse.GetValue(maxNumber),
            MinTarget = parse.GetValue(minTarget),
            MaxTarget = parse.GetValue(maxTarget),
        };
        try
        {
            difficulty.Validate();
        }
        catch (Eggroll.ConfigException e)
        {
            throw new Eggroll.ConfigException("--" + string.Concat(e.Field.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString())), e.Detail);
        }

        return difficulty;
    }
}
