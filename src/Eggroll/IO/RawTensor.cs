using System.Buffers.Binary;

namespace Eggroll.IO;

/// <summary>A named tensor of any <see cref="TensorDType"/> as its little-endian bytes, with typed conversions.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="DType">Its element type.</param>
/// <param name="Shape">Its dimensions.</param>
/// <param name="Bytes">Its values, row-major, little-endian.</param>
public sealed record RawTensor(string Name, TensorDType DType, int[] Shape, byte[] Bytes)
{
    /// <summary>Bytes per element of <paramref name="type"/>.</summary>
    public static int ElementSize(TensorDType type) => type switch
    {
        TensorDType.F64 or TensorDType.I64 => 8,
        TensorDType.F32 or TensorDType.I32 => 4,
        TensorDType.F16 or TensorDType.BF16 => 2,
        TensorDType.I8 or TensorDType.U8 or TensorDType.BOOL => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown dtype."),
    };

    /// <summary>Bytes that <paramref name="type"/> elements of non-negative <paramref name="shape"/> occupy, or null when that exceeds <see cref="long.MaxValue"/>.</summary>
    internal static long? ByteCount(long[] shape, TensorDType type)
    {
        if (shape.Contains(0))
        {
            return 0;
        }

        long bytes = ElementSize(type);
        foreach (long dimension in shape)
        {
            if (bytes > long.MaxValue / dimension)
            {
                return null;
            }

            bytes *= dimension;
        }

        return bytes;
    }

    /// <summary>An F32 tensor.</summary>
    public static RawTensor FromFloat(string name, int[] shape, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return new RawTensor(name, TensorDType.F32, shape, bytes);
    }

    /// <summary>An I8 tensor.</summary>
    public static RawTensor FromInt8(string name, int[] shape, ReadOnlySpan<sbyte> values) =>
        new(name, TensorDType.I8, shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());

    /// <summary>An I32 tensor.</summary>
    public static RawTensor FromInt32(string name, int[] shape, ReadOnlySpan<int> values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return new RawTensor(name, TensorDType.I32, shape, bytes);
    }

    /// <summary>
    /// The values converted to float32, from any dtype. Exact for F32, F16, BF16, I8, U8 and BOOL (false is 0,
    /// true is 1); I32 and I64 are exact up to 2^24 in magnitude and rounded to the nearest float beyond;
    /// F64 is rounded to the nearest float, overflowing to ±infinity.
    /// </summary>
    /// <exception cref="InvalidDataException">The byte count is not a whole number of elements.</exception>
    public float[] ToFloat()
    {
        int size = ElementSize(DType);
        if (Bytes.Length % size != 0)
        {
            throw new InvalidDataException($"tensor '{Name}' has {Bytes.Length} bytes, not a whole number of {size}-byte {DType} elements.");
        }

        var values = new float[Bytes.Length / size];
        TensorConversion.ToSingle(DType, Bytes, values);
        return values;
    }

    /// <summary>The values as signed bytes.</summary>
    /// <exception cref="InvalidDataException">The tensor is not I8.</exception>
    public sbyte[] ToInt8()
    {
        Expect(TensorDType.I8);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(Bytes).ToArray();
    }

    /// <summary>The values as 32-bit integers.</summary>
    /// <exception cref="InvalidDataException">The tensor is not I32.</exception>
    public int[] ToInt32()
    {
        Expect(TensorDType.I32);
        var values = new int[Bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(Bytes.AsSpan(i * 4));
        }

        return values;
    }

    private void Expect(TensorDType type)
    {
        if (DType != type)
        {
            throw new InvalidDataException($"tensor '{Name}' has dtype {DType}; expected {type}.");
        }
    }
}
