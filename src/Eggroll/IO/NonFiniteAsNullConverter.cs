using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eggroll.IO;

/// <summary>
/// Writes a floating-point number as a JSON number, or as <c>null</c> when it is NaN or infinite (JSON has no
/// such numbers). Reads numbers, <c>null</c> (as NaN) and the strings "NaN", "Infinity" and "-Infinity".
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
public abstract class NonFiniteAsNullConverter<T> : JsonConverter<T>
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>True: a JSON <c>null</c> is read as NaN.</summary>
    public override bool HandleNull => true;

    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => T.NaN,
        JsonTokenType.Number => T.Parse(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonTokenType.String => reader.GetString() switch
        {
            "NaN" => T.NaN,
            "Infinity" => T.PositiveInfinity,
            "-Infinity" => T.NegativeInfinity,
            _ => throw new JsonException(),
        },
        _ => throw new JsonException(),
    };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (T.IsFinite(value))
        {
            WriteFinite(writer, value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Writes a finite <paramref name="value"/> as the writer's own number format does.</summary>
    private protected abstract void WriteFinite(Utf8JsonWriter writer, T value);
}
