using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eggroll.IO;

/// <summary>
/// The JSON conventions of configs, checkpoints and metrics: camelCase names, enums written as camelCase
/// strings and read in any case or kebab-case, NaN and infinities written as null, unknown fields rejected,
/// comments and trailing commas allowed; text is written as readable UTF-8 (only what JSON requires is escaped).
/// </summary>
public static class JsonDefaults
{
    /// <summary>Options for reading and writing (indented).</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>The same conventions on one line, for JSONL.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = indented,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new LenientEnumConverter());
        options.Converters.Add(new NonFiniteDoubleAsNullConverter());
        options.Converters.Add(new NonFiniteSingleAsNullConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
