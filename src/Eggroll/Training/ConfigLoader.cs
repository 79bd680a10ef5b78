using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;

namespace Eggroll.Training;

/// <summary>
/// Reads a run config from a JSON file (or the built-in defaults), applies <c>section.field=value</c>
/// overrides and validates it; one mechanism for every kind of run (supervised,
/// RL, language model). Every problem becomes a <see cref="ConfigException"/> naming the source and the field.
/// </summary>
public static class ConfigLoader
{
    private const string OneOf = "one of ";

    /// <summary>
    /// Loads a config whose defaults are those of <c>new <typeparamref name="T"/>()</c>: see
    /// <see cref="Load{T}(string?, IEnumerable{string}, Func{JsonObject, ValueTuple{T, string}})"/>.
    /// </summary>
    public static T Load<T>(string? path, IEnumerable<string> overrides)
        where T : class, IRunConfig, new() =>
        Load(path, overrides, _ => (new T(), "default config"));

    /// <summary>
    /// Builds a config of type <typeparamref name="T"/>: the defaults that <paramref name="defaultsFor"/> picks for the
    /// given fields (the file's, or none, with the <c>section.field=value</c> <paramref name="overrides"/> applied), with
    /// those fields merged over them, then validated. Every problem is a <see cref="ConfigException"/> naming the field
    /// and where it came from.
    /// </summary>
    /// <param name="path">JSON file, or null for the defaults alone.</param>
    /// <param name="overrides">Assignments applied after the file, in order.</param>
    /// <param name="defaultsFor">The defaults for the given fields, and how to name them in errors when there is no file.</param>
    public static T Load<T>(string? path, IEnumerable<string> overrides, Func<JsonObject, (T Defaults, string Name)> defaultsFor)
        where T : class, IRunConfig
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(defaultsFor);
        var given = path is null ? new JsonObject() : ReadFile(path);
        int applied = 0;
        foreach (string assignment in overrides)
        {
            Apply(given, assignment);
            applied++;
        }

        var (defaults, name) = defaultsFor(given);
        var merged = JsonSerializer.SerializeToNode(defaults, JsonDefaults.Options)!.AsObject();
        Merge(merged, given);
        string source = (path ?? name) + (applied > 0 ? " with command-line overrides" : "");
        return FromNode<T>(merged, source);
    }

    /// <summary>
    /// Applies <paramref name="overrides"/> to the stored config <paramref name="run"/> of a run being resumed;
    /// a field outside <paramref name="resumable"/> is a <see cref="ConfigException"/>, since it would change the trajectory.
    /// </summary>
    public static void ApplyOnResume(JsonObject run, IEnumerable<string> overrides, IReadOnlyCollection<string> resumable)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(resumable);
        foreach (string assignment in overrides)
        {
            string field = assignment.Split('=')[0].Trim();
            if (!resumable.Contains(field))
            {
                throw new ConfigException(field, $"cannot change when resuming; only {string.Join(", ", resumable)} can.");
            }

            Apply(run, assignment);
        }
    }

    /// <summary>
    /// Converts a JSON tree to a validated config of type <typeparamref name="T"/>; wrong types, unknown fields and
    /// invalid values become a <see cref="ConfigException"/> naming the field and <paramref name="source"/>.
    /// </summary>
    public static T FromNode<T>(JsonNode node, string source)
        where T : class, IRunConfig
    {
        T config;
        try
        {
            config = node.Deserialize<T>(JsonDefaults.Options) ?? throw new ConfigException(source, "the config is null.");
        }
        catch (JsonException e)
        {
            string field = FieldOf(e.Path);
            string got = Describe(Find(node, field));
            string expected = ExpectedTypeOf(typeof(T), field);
            throw e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? new ConfigException(Echo.Of(field), $"unknown field in {source}.")
                : expected.StartsWith(OneOf, StringComparison.Ordinal) ? new ConfigException(field, $"unknown value {got} in {source}; use {expected[OneOf.Length..]}.")
                : new ConfigException(field, $"has a value of the wrong type in {source} (got {got}; expected {expected}).");
        }

        try
        {
            ConfigChecks.RequireFinite(config);
            config.Validate();
        }
        catch (ConfigException e)
        {
            throw new ConfigException(e.Field, $"{e.Detail.TrimEnd('.')} (in {source}).");
        }

        return config;
    }

    /// <summary>Sets the field at a dotted path ("evolution.sigma=0.1"); the value is parsed as JSON, or taken as a string.</summary>
    public static void Apply(JsonObject root, string assignment)
    {
        int equals = assignment.IndexOf('=');
        if (equals <= 0)
        {
            throw new ConfigException(Echo.Of(assignment), "an override must look like section.field=value.");
        }

        string[] keys = assignment[..equals].Trim().Split('.');
        string text = assignment[(equals + 1)..];
        JsonNode? value;
        try
        {
            value = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            value = JsonValue.Create(text);
        }

        var target = root;
        foreach (string key in keys[..^1])
        {
            if (target[key] is not JsonObject child)
            {
                child = new JsonObject();
                target[key] = child;
            }

            target = child;
        }

        target[keys[^1]] = value;
    }

    /// <summary>Reads a JSON object from <paramref name="path"/>; a missing or malformed file is a <see cref="ConfigException"/>.</summary>
    public static JsonObject ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException(path, "config file not found.");
        }

        try
        {
            string json = File.ReadAllText(path);
            var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new ConfigException(path, "the config must be a JSON object.");
            if (DuplicateKeys.FindFirst(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) is { } repeated)
            {
                throw new ConfigException(path, $"the key {Echo.Of(repeated)} is given twice; give each field once.");
            }

            return root;
        }
        catch (JsonException e)
        {
            throw new ConfigException(path, $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "config" : jsonPath.TrimStart('$', '.');

    private static JsonNode? Find(JsonNode root, string field)
    {
        JsonNode? node = root;
        foreach (string part in field.Replace("[", ".[").Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = part.StartsWith('[') && int.TryParse(part.Trim('[', ']'), out int index)
                ? node is JsonArray array && index < array.Count ? array[index] : null
                : node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }

    private static string Describe(JsonNode? node) => node is null ? "null" : Echo.Of(node.ToJsonString());

    private static string ExpectedTypeOf(Type type, string field)
    {
        foreach (string part in field.Split('.'))
        {
            string name = part.Split('[')[0];
            var property = type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return "a value of the documented type";
            }

            type = property.PropertyType;
            if (part.Contains('[') && type.IsArray)
            {
                type = type.GetElementType()!;
            }
        }

        return TypeName(type);
    }

    private static string TypeName(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) || type == typeof(ulong) => "a whole number",
        _ when type == typeof(float) || type == typeof(double) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(string) => "a string",
        _ when type.IsEnum => OneOf + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName)),
        _ when type.IsArray => $"a list of {TypeName(type.GetElementType()!)}s",
        _ => "an object",
    };
}
