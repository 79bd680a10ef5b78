namespace Eggroll.Cli.Config;

/// <summary>Range checks shared by the config sections.</summary>
internal static class ConfigChecks
{
    public static void InRange(long value, long min, long max, string field)
    {
        if (value < min || value > max)
        {
            string range = max == int.MaxValue ? $"≥ {min}" : $"between {min} and {max}";
            throw new ConfigException(field, $"must be {range}, got {value}.");
        }
    }
}
