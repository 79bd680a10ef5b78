using System.Buffers.Binary;
using Eggroll.IO;

namespace Eggroll.Tests.IO;

/// <summary>
/// A sparse file over 2 GiB (a 2 GiB + 8 byte U8 tensor, never written, then a small F32 tensor) loads tensor by tensor
/// without reading or allocating the whole file, and a tensor larger than a .NET array gets a clear error.
/// </summary>
public sealed class SafeTensorsLargeFileTests : IClassFixture<TemporaryDirectory>
{
    private const long PadBytes = (1L << 31) + 8;

    private readonly string path;

    public SafeTensorsLargeFileTests(TemporaryDirectory temporary) => path = Path.Combine(temporary.CreateSubdirectory(), "large.safetensors");

    [Fact]
    public void ATensorPastTwoGibibytesIsReadFromItsOffsetWithoutAllocatingTheFile()
    {
        try
        {
            long tailStart = CreateSparseFile([1.5f, -2f]);
            long before = GC.GetAllocatedBytesForCurrentThread();

            using var file = SafeTensorsFile.Open(path);
            var entry = file.Header.Find("tail")!;
            float[] values = file.ReadFloat("tail");
            byte[] raw = file.ReadRaw("tail").Bytes;

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal([1.5f, -2f], values);
            Assert.Equal(8, raw.Length);
            Assert.Equal(tailStart, file.Header.DataStart + entry.Begin);
            Assert.True(tailStart > int.MaxValue);
            Assert.True(allocated < 1 << 20, $"reading the header and one small tensor allocated {allocated} bytes");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TensorsLargerThanADotNetArrayAreRejectedByName()
    {
        try
        {
            CreateSparseFile([0f, 0f]);
            using var file = SafeTensorsFile.Open(path);

            var raw = Assert.Throws<InvalidDataException>(() => file.ReadRaw("pad"));
            var floats = Assert.Throws<InvalidDataException>(() => file.ReadFloat("pad"));

            Assert.StartsWith($"{path}: tensor 'pad' is {PadBytes} bytes, more than one .NET array holds ({Array.MaxLength})", raw.Message);
            Assert.Equal($"{path}: tensor 'pad' has {PadBytes} elements, more than one .NET array holds ({Array.MaxLength}).", floats.Message);
            Assert.Equal(PadBytes, file.Header.Find("pad")!.ByteLength);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Writes the header and <paramref name="tail"/>, leaving the 2 GiB before the tail as a hole; returns where the tail starts.</summary>
    private long CreateSparseFile(float[] tail)
    {
        string json = $"{{\"pad\":{{\"dtype\":\"U8\",\"shape\":[{PadBytes}],\"data_offsets\":[0,{PadBytes}]}},"
            + $"\"tail\":{{\"dtype\":\"F32\",\"shape\":[{tail.Length}],\"data_offsets\":[{PadBytes},{PadBytes + (4 * tail.Length)}]}}}}";
        byte[] header = SafeTensorsBytes.Build(json, 0);
        long tailStart = header.Length + PadBytes;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(header);
        stream.SetLength(tailStart + (4 * tail.Length));
        stream.Position = tailStart;
        Span<byte> bytes = stackalloc byte[4];
        foreach (float value in tail)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            stream.Write(bytes);
        }

        return tailStart;
    }
}
