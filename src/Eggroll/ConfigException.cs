namespace Eggroll;

/// <summary>A configuration value is missing, of the wrong type or out of range. The message names the field.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/> with a message saying what is allowed.</summary>
    public ConfigException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
        Detail = message;
    }

    /// <summary>What is wrong with the field, without the field name.</summary>
    public string Detail { get; }

    /// <summary>The dotted path of the offending field, e.g. "evolution.sigma".</summary>
    public string Field { get; }
}
