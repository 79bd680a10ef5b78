using System.Text.Json;

namespace Eggroll.IO;

/// <summary><see cref="NonFiniteAsNullConverter{T}"/> for <see cref="double"/>.</summary>
public sealed class NonFiniteDoubleAsNullConverter : NonFiniteAsNullConverter<double>
{
    private protected override void WriteFinite(Utf8JsonWriter writer, double value) => writer.WriteNumberValue(value);
}
