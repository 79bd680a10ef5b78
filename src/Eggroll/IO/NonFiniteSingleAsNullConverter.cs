using System.Text.Json;

namespace Eggroll.IO;

/// <summary><see cref="NonFiniteAsNullConverter{T}"/> for <see cref="float"/>.</summary>
public sealed class NonFiniteSingleAsNullConverter : NonFiniteAsNullConverter<float>
{
    private protected override void WriteFinite(Utf8JsonWriter writer, float value) => writer.WriteNumberValue(value);
}
