using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Eggroll.IO;

/// <summary>
/// Reads and writes the safetensors format (8-byte little-endian header length, a JSON
/// header, then the raw little-endian data), so checkpoints load in Python with
/// <c>safetensors.numpy.load_file</c>. Tensors are F32, I8 or I32 (<see cref="TensorDType"/>);
/// <see cref="Write"/> and <see cref="Read"/> are the F32 shorthands of <see cref="WriteRaw"/> and <see cref="ReadRaw"/>.
/// </summary>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100L << 20;

    /// <summary>Writes F32 <paramref name="tensors"/> (and optional string metadata) to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyList<TensorData> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var tensor in tensors)
        {
            CheckCount(tensor.Name, tensor.Shape, tensor.Values.Length, nameof(tensors));
        }

        WriteRaw(stream, tensors.Select(RawTensor.FromFloat).ToList(), metadata);
    }

    /// <summary>Writes tensors of any supported dtype (and optional string metadata) to <paramref name="stream"/>.</summary>
    public static void WriteRaw(Stream stream, IReadOnlyList<RawTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (key, value) in metadata)
            {
                meta[key] = value;
            }

            header["__metadata__"] = meta;
        }

        long offset = 0;
        foreach (var tensor in tensors)
        {
            CheckCount(tensor.Name, tensor.Shape, tensor.Bytes.Length / RawTensor.ElementSize(tensor.DType), nameof(tensors));
            header[tensor.Name] = new JsonObject
            {
                ["dtype"] = tensor.DType.ToString(),
                ["shape"] = new JsonArray(tensor.Shape.Select(d => JsonValue.Create(d)).ToArray<JsonNode?>()),
                ["data_offsets"] = new JsonArray(offset, offset + tensor.Bytes.Length),
            };
            offset += tensor.Bytes.Length;
        }

        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var tensor in tensors)
        {
            stream.Write(tensor.Bytes);
        }
    }

    /// <summary>
    /// Reads every tensor of the file at <paramref name="path"/>, which must all be F32. Throws
    /// <see cref="InvalidDataException"/> naming the file and the problem when it is truncated,
    /// malformed or uses another dtype.
    /// </summary>
    public static Dictionary<string, TensorData> Read(string path)
    {
        var raw = ReadRaw(path);
        try
        {
            return raw.ToDictionary(e => e.Key, e => new TensorData(e.Key, e.Value.Shape, e.Value.ToFloat()), StringComparer.Ordinal);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads every tensor (F32, I8 or I32) of the file at <paramref name="path"/>. Throws
    /// <see cref="InvalidDataException"/> naming the file and the problem when it is truncated,
    /// malformed or uses an unsupported dtype.
    /// </summary>
    public static Dictionary<string, RawTensor> ReadRaw(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static Dictionary<string, RawTensor> Parse(byte[] bytes)
    {
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"file is {bytes.Length} bytes, too short for a safetensors header.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
        {
            throw new InvalidDataException($"header length {headerLength} exceeds the file ({bytes.Length} bytes): the file is truncated or not safetensors.");
        }

        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength)) as JsonObject
                ?? throw new InvalidDataException("header is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"header is not valid JSON ({e.Message}).");
        }

        long dataStart = 8 + (long)headerLength;
        long dataLength = bytes.Length - dataStart;
        var result = new Dictionary<string, RawTensor>(StringComparer.Ordinal);
        long covered = 0;
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                continue;
            }

            var tensor = ParseTensor(name, node, bytes, dataStart, dataLength);
            covered += tensor.Bytes.Length;
            result.Add(name, tensor);
        }

        if (covered != dataLength)
        {
            throw new InvalidDataException($"tensors cover {covered} bytes but the data section has {dataLength}: the file is truncated or has extra bytes.");
        }

        return result;
    }

    private static RawTensor ParseTensor(string name, JsonNode? node, byte[] bytes, long dataStart, long dataLength)
    {
        try
        {
            string dtype = node?["dtype"]?.GetValue<string>() ?? throw new InvalidDataException($"tensor '{name}' has no dtype.");
            if (!Enum.TryParse(dtype, ignoreCase: false, out TensorDType type) || !Enum.IsDefined(type) || int.TryParse(dtype, out _))
            {
                throw new InvalidDataException($"tensor '{name}' has dtype {dtype}; only F32, I8 and I32 are supported.");
            }

            int[] shape = node["shape"]?.AsArray().Select(d => d!.GetValue<int>()).ToArray() ?? throw new InvalidDataException($"tensor '{name}' has no shape.");
            var offsets = node["data_offsets"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (offsets is not { Length: 2 } || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
            {
                throw new InvalidDataException($"tensor '{name}' has data offsets outside the data section ({dataLength} bytes): the file is truncated or corrupt.");
            }

            long count = shape.Aggregate(1L, (a, d) => d < 0 ? -1 : a * d);
            int size = RawTensor.ElementSize(type);
            if (count < 0 || count * size != offsets[1] - offsets[0])
            {
                throw new InvalidDataException($"tensor '{name}' has shape [{string.Join(", ", shape)}] that does not match its {offsets[1] - offsets[0]} bytes.");
            }

            return new RawTensor(name, type, shape, bytes.AsSpan((int)(dataStart + offsets[0]), (int)(offsets[1] - offsets[0])).ToArray());
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new InvalidDataException($"tensor '{name}' has a malformed header entry ({e.Message}).");
        }
    }

    private static void CheckCount(string name, int[] shape, long values, string parameter)
    {
        long count = shape.Aggregate(1L, (a, d) => a * d);
        if (count != values)
        {
            throw new ArgumentException($"Tensor '{name}' has shape [{string.Join(", ", shape)}] but {values} values.", parameter);
        }
    }
}
