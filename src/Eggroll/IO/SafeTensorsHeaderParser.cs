using System.Text.Json;

namespace Eggroll.IO;

/// <summary>
/// Parses and validates a safetensors JSON header strictly: it must start with <c>{</c>, name every tensor and
/// field once, use known dtypes, non-negative integer dimensions and offsets whose span is exactly dtype size ×
/// element count, string-only metadata, and its tensors must tile the data section exactly (no gaps, no overlaps,
/// ending at its end). Other fields of a tensor entry are ignored, as the reference implementation does.
/// Messages name the tensor and the problem; the caller adds the file.
/// </summary>
internal static class SafeTensorsHeaderParser
{
    /// <summary>The header key that holds the string metadata rather than a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Parses <paramref name="json"/>, the header of a file whose data section is <paramref name="dataLength"/> bytes from <paramref name="dataStart"/>.</summary>
    /// <exception cref="InvalidDataException">The header is malformed or inconsistent with the data section.</exception>
    public static SafeTensorsHeader Parse(ReadOnlyMemory<byte> json, long dataStart, long dataLength)
    {
        if (json.IsEmpty || json.Span[0] != (byte)'{')
        {
            string first = json.IsEmpty ? "it is empty" : $"its first byte is 0x{json.Span[0]:X2}";
            throw new InvalidDataException($"header does not start with '{{' ({first}): not a safetensors file.");
        }

        using var document = ParseDocument(json);
        var tensors = new List<SafeTensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in UniqueProperties(document.RootElement, "header", "tensor"))
        {
            if (property.Name == MetadataKey)
            {
                ReadMetadata(property.Value, metadata);
            }
            else
            {
                tensors.Add(ReadEntry(property.Name, property.Value));
            }
        }

        CheckLayout(tensors, dataLength);
        return new SafeTensorsHeader(tensors, metadata, dataStart);
    }

    private static JsonDocument ParseDocument(ReadOnlyMemory<byte> json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            throw new InvalidDataException("header is not valid JSON (it is not valid UTF-8).");
        }

        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"header is not valid JSON ({e.Message}).");
        }
    }

    /// <summary>The properties of <paramref name="element"/>, rejecting a name that appears twice (JsonDocument keeps both silently).</summary>
    private static List<JsonProperty> UniqueProperties(JsonElement element, string where, string kind)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<JsonProperty>();
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new InvalidDataException($"{where} names {kind} '{property.Name}' twice.");
            }

            properties.Add(property);
        }

        return properties;
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{MetadataKey} is a JSON {element.ValueKind}; it must be an object of strings.");
        }

        foreach (var property in UniqueProperties(element, MetadataKey, "key"))
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{MetadataKey} key '{property.Name}' has a JSON {property.Value.ValueKind} value; metadata values must be strings.");
            }

            metadata.Add(property.Name, property.Value.GetString()!);
        }
    }

    private static SafeTensorsEntry ReadEntry(string name, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"tensor '{name}' is a JSON {element.ValueKind}, not an object with dtype, shape and data_offsets.");
        }

        var fields = UniqueProperties(element, $"tensor '{name}'", "field").ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var type = ReadDType(name, Field(name, fields, "dtype"));
        long[] shape = ReadIntegers(name, Field(name, fields, "shape"), "shape");
        long[] offsets = ReadIntegers(name, Field(name, fields, "data_offsets"), "data_offsets");
        if (offsets.Length != 2 || offsets[0] > offsets[1])
        {
            throw new InvalidDataException($"tensor '{name}' has data_offsets [{string.Join(", ", offsets)}]; expected [begin, end] with begin <= end.");
        }

        long span = offsets[1] - offsets[0];
        long? needed = RawTensor.ByteCount(shape, type);
        if (needed != span)
        {
            string size = needed is { } bytes ? $"{bytes} bytes" : "more bytes than a 64-bit size can count";
            throw new InvalidDataException($"tensor '{name}' has dtype {type} and shape [{string.Join(", ", shape)}], which need {size}, but data_offsets span {span}.");
        }

        return new SafeTensorsEntry(name, type, shape, offsets[0], offsets[1]);
    }

    private static JsonElement Field(string name, Dictionary<string, JsonElement> fields, string field) =>
        fields.TryGetValue(field, out var value) ? value : throw new InvalidDataException($"tensor '{name}' has no '{field}'.");

    private static TensorDType ReadDType(string name, JsonElement element)
    {
        string? text = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
        foreach (var type in Enum.GetValues<TensorDType>())
        {
            if (type.ToString() == text)
            {
                return type;
            }
        }

        throw new InvalidDataException($"tensor '{name}' has dtype {text}, which is not supported (supported: {string.Join(", ", Enum.GetNames<TensorDType>())}).");
    }

    private static long[] ReadIntegers(string name, JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"tensor '{name}' has {field} {element.GetRawText()}; expected an array of non-negative integers.");
        }

        return element.EnumerateArray().Select(item =>
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long value))
            {
                throw new InvalidDataException($"tensor '{name}' has {field} entry {item.GetRawText()}; expected a non-negative integer.");
            }

            return value >= 0 ? value : throw new InvalidDataException($"tensor '{name}' has negative {field} entry {value}.");
        }).ToArray();
    }

    private static void CheckLayout(List<SafeTensorsEntry> tensors, long dataLength)
    {
        long covered = 0;
        SafeTensorsEntry? previous = null;
        foreach (var tensor in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (tensor.Begin < covered)
            {
                throw new InvalidDataException($"tensor '{tensor.Name}' (bytes {tensor.Begin}..{tensor.End}) overlaps tensor '{previous!.Name}' (bytes {previous.Begin}..{previous.End}).");
            }

            if (tensor.Begin > covered)
            {
                throw new InvalidDataException($"tensor '{tensor.Name}' starts at byte {tensor.Begin}, leaving a gap of {tensor.Begin - covered} bytes after byte {covered} that no tensor covers.");
            }

            covered = tensor.End;
            previous = tensor;
        }

        if (covered != dataLength)
        {
            string last = previous is null ? "there are no tensors" : $"tensor '{previous.Name}' ends at byte {covered}";
            throw new InvalidDataException($"{last} but the data section has {dataLength} bytes: the file is truncated or has bytes no tensor covers.");
        }
    }
}
