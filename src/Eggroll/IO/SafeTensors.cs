using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Eggroll.IO;

/// <summary>
/// Reads and writes the safetensors format (8-byte little-endian header length, a JSON header padded with
/// spaces to a multiple of 8 bytes, then the raw little-endian data), so files load in Python with
/// <c>safetensors.numpy.load_file</c> and pretrained checkpoints load here. Tensors are <see cref="RawTensor"/>s of any
/// dtype (<see cref="RawTensor.ToFloat"/> converts); <see cref="SafeTensorsFile"/> reads the header alone and then
/// tensors one at a time, for files too large to load whole.
/// </summary>
public static class SafeTensors
{
    /// <summary>
    /// Writes tensors of any dtype (and optional string metadata) to <paramref name="stream"/>. The data is laid out
    /// by element size, largest first and in the given order within a size, so every tensor starts at a multiple of
    /// its element size; the header is padded with spaces so the data section starts at a multiple of 8.
    /// </summary>
    /// <exception cref="ArgumentException">A name repeats or is <c>__metadata__</c>, or a tensor's bytes do not match its dtype and shape.</exception>
    public static void WriteRaw(Stream stream, IReadOnlyList<RawTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        Validate(tensors);
        var ordered = tensors.OrderByDescending(t => RawTensor.ElementSize(t.DType)).ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            header[SafeTensorsHeaderParser.MetadataKey] = new JsonObject(metadata.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value))));
        }

        long offset = 0;
        foreach (var tensor in ordered)
        {
            header[tensor.Name] = new JsonObject
            {
                ["dtype"] = tensor.DType.ToString(),
                ["shape"] = new JsonArray(tensor.Shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
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

        foreach (var tensor in ordered)
        {
            stream.Write(tensor.Bytes);
        }
    }

    /// <summary>Reads every tensor of the file at <paramref name="path"/> as stored.</summary>
    /// <exception cref="InvalidDataException">The file is truncated or malformed; the message names the file, the tensor and the problem.</exception>
    public static Dictionary<string, RawTensor> ReadRaw(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        return file.Header.Tensors.ToDictionary(t => t.Name, t => file.ReadRaw(t.Name), StringComparer.Ordinal);
    }

    /// <summary>Reads and validates only the header of the file at <paramref name="path"/>: names, dtypes, shapes, offsets and metadata.</summary>
    /// <exception cref="InvalidDataException">The file is truncated or malformed; the message names the file, the tensor and the problem.</exception>
    public static SafeTensorsHeader ReadHeader(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        return file.Header;
    }

    /// <summary>Reads the one tensor called <paramref name="name"/> from the file at <paramref name="path"/>, as stored.</summary>
    /// <exception cref="InvalidDataException">The file is malformed or has no such tensor; the message names the file, the tensor and the problem.</exception>
    public static RawTensor ReadTensor(string path, string name)
    {
        using var file = SafeTensorsFile.Open(path);
        return file.ReadRaw(name);
    }

    private static void Validate(IReadOnlyList<RawTensor> tensors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            if (tensor.Name == SafeTensorsHeaderParser.MetadataKey || !names.Add(tensor.Name))
            {
                throw new ArgumentException($"Tensor name '{tensor.Name}' is {(tensor.Name == SafeTensorsHeaderParser.MetadataKey ? "reserved for metadata" : "used twice")}.", nameof(tensors));
            }

            string shape = $"[{string.Join(", ", tensor.Shape)}]";
            if (tensor.Shape.Any(d => d < 0))
            {
                throw new ArgumentException($"Tensor '{tensor.Name}' has a negative dimension in shape {shape}.", nameof(tensors));
            }

            if (RawTensor.ByteCount(Array.ConvertAll(tensor.Shape, d => (long)d), tensor.DType) != tensor.Bytes.Length)
            {
                throw new ArgumentException($"Tensor '{tensor.Name}' has dtype {tensor.DType} and shape {shape} but {tensor.Bytes.Length} bytes.", nameof(tensors));
            }
        }
    }
}
