using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Eggroll.IO;

/// <summary>
/// An open safetensors file whose header has been read and validated; tensors are then read one at a time
/// from their offsets, so files of any size load as long as each tensor fits in a .NET array. Every
/// <see cref="InvalidDataException"/> names the file, the tensor and the problem.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    /// <summary>Largest header accepted, as in the reference implementation (guards against absurd lengths).</summary>
    internal const long MaxHeaderBytes = 100_000_000;

    /// <summary>Bytes read per step when converting a tensor to float32 (a multiple of every element size).</summary>
    internal const int ChunkBytes = 1 << 20;

    private readonly SafeFileHandle handle;

    private SafeTensorsFile(string path, SafeFileHandle handle, SafeTensorsHeader header)
    {
        Path = path;
        this.handle = handle;
        Header = header;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The validated header.</summary>
    public SafeTensorsHeader Header { get; }

    /// <summary>Opens <paramref name="path"/> and reads and validates its header (no tensor data is read).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file.</exception>
    public static SafeTensorsFile Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            return new SafeTensorsFile(path, handle, ReadHeader(path, handle));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads the tensor called <paramref name="name"/> as stored.</summary>
    /// <exception cref="InvalidDataException">There is no such tensor, or its bytes exceed what one .NET array holds.</exception>
    public RawTensor ReadRaw(string name)
    {
        var entry = Entry(name);
        if (entry.ByteLength > Array.MaxLength)
        {
            throw Invalid($"tensor '{name}' is {entry.ByteLength} bytes, more than one .NET array holds ({Array.MaxLength}); read it with {nameof(ReadFloat)} if it has fewer elements than that.");
        }

        int[] shape = Shape(entry);
        var bytes = new byte[entry.ByteLength];
        ReadTensorBytes(bytes, Header.DataStart + entry.Begin, name);
        return new RawTensor(name, entry.DType, shape, bytes);
    }

    /// <summary>
    /// Reads the values of the tensor called <paramref name="name"/> (its shape is in <see cref="Header"/>) converted to
    /// float32 (see <see cref="RawTensor.ToFloat"/> for which conversions are exact), a chunk at a time, so only the
    /// element count is limited by the size of a .NET array.
    /// </summary>
    /// <exception cref="InvalidDataException">There is no such tensor, or it has more elements than one .NET array holds.</exception>
    public float[] ReadFloat(string name)
    {
        var entry = Entry(name);
        if (entry.ElementCount > Array.MaxLength)
        {
            throw Invalid($"tensor '{name}' has {entry.ElementCount} elements, more than one .NET array holds ({Array.MaxLength}).");
        }

        int size = RawTensor.ElementSize(entry.DType);
        var values = new float[entry.ElementCount];
        var buffer = new byte[Math.Min(entry.ByteLength, ChunkBytes)];
        for (int done = 0; done < values.Length;)
        {
            int count = Math.Min(values.Length - done, buffer.Length / size);
            var chunk = buffer.AsSpan(0, count * size);
            ReadTensorBytes(chunk, Header.DataStart + entry.Begin + ((long)done * size), name);
            TensorConversion.ToSingle(entry.DType, chunk, values.AsSpan(done, count));
            done += count;
        }

        return values;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => handle.Dispose();

    private static SafeTensorsHeader ReadHeader(string path, SafeFileHandle handle)
    {
        long fileLength = RandomAccess.GetLength(handle);
        Span<byte> prefix = stackalloc byte[8];
        if (fileLength < 8 || !ReadExactly(handle, prefix, 0))
        {
            throw new InvalidDataException($"{path}: file is {fileLength} bytes, too short for the 8-byte header length of a safetensors file.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
        {
            throw new InvalidDataException($"{path}: header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit: the file is corrupt or not safetensors.");
        }

        if ((long)headerLength > fileLength - 8)
        {
            throw new InvalidDataException($"{path}: header length {headerLength} exceeds the file ({fileLength} bytes): the file is truncated or not safetensors.");
        }

        var json = new byte[headerLength];
        if (!ReadExactly(handle, json, 8))
        {
            throw new InvalidDataException($"{path}: file ended inside the header (was it truncated while open?).");
        }

        long dataStart = 8 + (long)headerLength;
        try
        {
            return SafeTensorsHeaderParser.Parse(json, dataStart, fileLength - dataStart);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private SafeTensorsEntry Entry(string name) =>
        Header.Find(name) ?? throw Invalid($"tensor '{name}' is not in the file.");

    private int[] Shape(SafeTensorsEntry entry) => entry.Shape.Select(d => d <= int.MaxValue
        ? (int)d
        : throw Invalid($"tensor '{entry.Name}' has dimension {d}, more than {int.MaxValue}.")).ToArray();

    private void ReadTensorBytes(Span<byte> destination, long position, string name)
    {
        if (!ReadExactly(handle, destination, position))
        {
            throw Invalid($"file ended before byte {position + destination.Length} while reading tensor '{name}' (was it truncated while open?).");
        }
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="position"/>; false when the file ends first.</summary>
    private static bool ReadExactly(SafeFileHandle file, Span<byte> destination, long position)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(file, destination, position);
            if (read == 0)
            {
                return false;
            }

            destination = destination[read..];
            position += read;
        }

        return true;
    }

    private InvalidDataException Invalid(string problem) => new($"{Path}: {problem}");
}
