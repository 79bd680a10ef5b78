using System.Buffers.Binary;
using System.Text;

namespace Eggroll.Tests.IO;

/// <summary>Hand-built safetensors files, laid out as the format documents, for tests that must not rely on the writer.</summary>
internal static class SafeTensorsBytes
{
    /// <summary>
    /// The 8-byte little-endian length (<paramref name="declaredLength"/>, or the header's length), the header
    /// (<paramref name="json"/> with single quotes turned into double quotes) and <paramref name="dataLength"/> bytes of data.
    /// </summary>
    public static byte[] Build(string json, int dataLength, ulong? declaredLength = null)
    {
        byte[] header = Encoding.UTF8.GetBytes(json.Replace('\'', '"'));
        var bytes = new byte[8 + header.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        for (int i = 0; i < dataLength; i++)
        {
            bytes[8 + header.Length + i] = (byte)(i + 1);
        }

        return bytes;
    }
}
