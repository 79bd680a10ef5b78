namespace Eggroll.Training;

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

    /// <summary>Throws naming the first section that is null (a JSON <c>null</c> where an object belongs).</summary>
    public static void RequireSections(params (string Name, object? Value)[] sections)
    {
        foreach (var (name, value) in sections)
        {
            if (value is null)
            {
                throw new ConfigException(name, "must be an object, got null.");
            }
        }
    }
}
