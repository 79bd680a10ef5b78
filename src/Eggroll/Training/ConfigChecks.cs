using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Eggroll.Training;

/// <summary>Range checks shared by the config sections.</summary>
public static class ConfigChecks
{
    /// <summary>Throws a <see cref="ConfigException"/> for <paramref name="field"/> when <paramref name="value"/> is outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
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

    /// <summary>
    /// Throws naming the first float or double field, anywhere in <paramref name="section"/> and its sections, that is
    /// NaN or infinite (written as null, "NaN", "Infinity" or a number too large): no config field has a use for them.
    /// </summary>
    /// <param name="section">A config or one of its sections.</param>
    /// <param name="path">The dotted path of <paramref name="section"/>, empty for the whole config.</param>
    public static void RequireFinite(object section, string path = "")
    {
        foreach (var property in section.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            string field = (path.Length == 0 ? "" : path + ".") + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            object? value = property.GetValue(section);
            if (value is double or float && !double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)))
            {
                string got = Convert.ToDouble(value, CultureInfo.InvariantCulture) is double.NaN ? "NaN or null" : Convert.ToString(value, CultureInfo.InvariantCulture)!;
                throw new ConfigException(field, $"must be a finite number, got {got}.");
            }

            if (value is not null and not string && value.GetType() is { IsClass: true, Namespace: { } ns } && ns.StartsWith("Eggroll", StringComparison.Ordinal))
            {
                RequireFinite(value, field);
            }
        }
    }
}
