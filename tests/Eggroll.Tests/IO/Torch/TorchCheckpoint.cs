using System.IO.Compression;
using System.Text;
using Eggroll.IO;

namespace Eggroll.Tests.IO.Torch;

/// <summary>One tensor of a test checkpoint: a view (offset, size, stride in elements) of the storage called <see cref="StorageKey"/>.</summary>
internal sealed record TorchTensorSpec(string Name, string StorageKey, long Offset, long[] Size, long[] Stride);

/// <summary>One storage of a test checkpoint: its dtype and its little-endian bytes.</summary>
internal sealed record TorchStorageSpec(TensorDType DType, byte[] Bytes);

/// <summary>
/// Writes checkpoints laid out as torch.save writes <c>model.state_dict()</c>: a zip archive with
/// <c>&lt;root&gt;/data.pkl</c>, <c>byteorder</c>, one <c>data/&lt;key&gt;</c> per storage, <c>version</c> and
/// <c>.data/serialization_id</c>; the pickle is an OrderedDict of <c>torch._utils._rebuild_tensor_v2</c> calls
/// whose storages are persistent ids <c>('storage', torch.&lt;Type&gt;Storage, key, 'cpu', element count)</c>,
/// followed by the <c>_metadata</c> attribute (BUILD) that state dicts carry.
/// </summary>
internal static class TorchCheckpoint
{
    /// <summary>The storage classes torch pickles for each dtype.</summary>
    public static string StorageClass(TensorDType type) => type switch
    {
        TensorDType.F32 => "FloatStorage",
        TensorDType.F16 => "HalfStorage",
        TensorDType.BF16 => "BFloat16Storage",
        TensorDType.F64 => "DoubleStorage",
        TensorDType.I64 => "LongStorage",
        TensorDType.I32 => "IntStorage",
        TensorDType.U8 => "ByteStorage",
        TensorDType.I8 => "CharStorage",
        TensorDType.BOOL => "BoolStorage",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Writes <paramref name="tensors"/> as contiguous tensors, each with its own storage (what a state dict of distinct parameters gives).</summary>
    public static void Write(string path, IReadOnlyList<RawTensor> tensors, int protocol = 2)
    {
        var storages = tensors.Select((t, i) => (Key: i.ToString(), Storage: new TorchStorageSpec(t.DType, t.Bytes))).ToDictionary(s => s.Key, s => s.Storage);
        var specs = tensors.Select((t, i) => new TorchTensorSpec(t.Name, i.ToString(), 0, [.. t.Shape.Select(d => (long)d)], ContiguousStrides(t.Shape))).ToList();
        WriteArchive(path, StateDictPickle(specs, storages, protocol), storages.ToDictionary(s => s.Key, s => s.Value.Bytes));
    }

    public static long[] ContiguousStrides(int[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }

        return strides;
    }

    /// <summary>The data.pkl torch.save writes for an OrderedDict state dict of <paramref name="tensors"/>.</summary>
    public static byte[] StateDictPickle(IReadOnlyList<TorchTensorSpec> tensors, IReadOnlyDictionary<string, TorchStorageSpec> storages, int protocol = 2)
    {
        var pickle = new PickleWriter(protocol);
        EmptyOrderedDict(pickle);
        if (tensors.Count > 1) pickle.Mark();
        foreach (var tensor in tensors)
        {
            RebuildTensor(pickle.Str(tensor.Name), tensor, storages[tensor.StorageKey]);
        }

        if (tensors.Count > 0) pickle.Op(tensors.Count > 1 ? 'u' : 's');
        pickle.Op('}').Put().Str("_metadata");
        EmptyOrderedDict(pickle);
        pickle.Str("").Op('}').Put().Str("version").Int(1).Op('s').Op('s').Op('s').Op('b');
        return pickle.ToArray();
    }

    /// <summary>Pushes the tensor <paramref name="tensor"/> as torch pickles it: <c>_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())</c>.</summary>
    public static PickleWriter RebuildTensor(PickleWriter pickle, TorchTensorSpec tensor, TorchStorageSpec storage)
    {
        pickle.Global("torch._utils", "_rebuild_tensor_v2").Mark();
        pickle.Mark().Str("storage", shared: true).Global("torch", StorageClass(storage.DType)).Str(tensor.StorageKey).Str("cpu", shared: true)
            .Int(storage.Bytes.Length / RawTensor.ElementSize(storage.DType)).Op('t').Put().Op('Q');
        pickle.Int(tensor.Offset).IntTuple(tensor.Size).IntTuple(tensor.Stride).Op(0x89);
        EmptyOrderedDict(pickle);
        return pickle.Op('t').Put().Op('R').Put();
    }

    /// <summary>A zip archive as torch.save lays it out, with <paramref name="extraEntries"/> (full names) added at the end.</summary>
    public static void WriteArchive(string path, byte[] pickle, IReadOnlyDictionary<string, byte[]> storages, string root = "archive", string byteOrder = "little", IEnumerable<(string Name, byte[] Bytes)>? extraEntries = null)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        Add(zip, $"{root}/data.pkl", pickle);
        Add(zip, $"{root}/byteorder", Encoding.ASCII.GetBytes(byteOrder));
        foreach (var (key, bytes) in storages.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Add(zip, $"{root}/data/{key}", bytes);
        }

        Add(zip, $"{root}/version", "3\n"u8.ToArray());
        Add(zip, $"{root}/.data/serialization_id", Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890"));
        foreach (var (name, bytes) in extraEntries ?? [])
        {
            Add(zip, name, bytes);
        }
    }

    public static PickleWriter EmptyOrderedDict(PickleWriter pickle) => pickle.Global("collections", "OrderedDict").Op(')').Op('R').Put();

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(bytes);
    }
}
