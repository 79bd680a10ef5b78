using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eggroll.IO;

/// <summary>
/// Reads an enum from its name in any case, with or without '-' or '_' between words (<c>openEs</c>, <c>open-es</c>,
/// <c>OPENES</c>, <c>centered_ranks</c>); writes the camelCase name. Numbers are refused.
/// </summary>
public sealed class LenientEnumConverter : JsonConverterFactory
{
    /// <inheritdoc/>
    public override bool CanConvert(Type typeToConvert)
    {
        ArgumentNullException.ThrowIfNull(typeToConvert);
        return typeToConvert.IsEnum;
    }

    /// <inheritdoc/>
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    /// <summary>Reads <paramref name="text"/> as a <typeparamref name="TEnum"/> name the way configs are read: any case, with or without '-' or '_'.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (KeyOf(candidate.ToString()) == KeyOf(text))
            {
                value = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>The names of <typeparamref name="TEnum"/>'s values as configs write them (camelCase), comma-separated.</summary>
    public static string NamesOf<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString())));

    /// <summary>The key a name is looked up by: lower case, without word separators.</summary>
    private static string KeyOf(string name) => name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private sealed class Converter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        private readonly FrozenDictionary<string, TEnum> byKey = Enum.GetValues<TEnum>().ToFrozenDictionary(v => KeyOf(v.ToString()));

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && byKey.TryGetValue(KeyOf(reader.GetString()!), out var value) ? value : throw new JsonException();

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));
    }
}
