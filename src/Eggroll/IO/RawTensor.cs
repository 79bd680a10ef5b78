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
    public static int ElementSize(TensorDType type) => type == TensorDType.I8 ? 1 : 4;

    /// <summary>An F32 tensor from <paramref name="tensor"/>.</summary>
    public static RawTensor FromFloat(TensorData tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var bytes = new byte[tensor.Values.Length * 4];
        for (int i = 0; i < tensor.Values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), tensor.Values[i]);
        }

        return new RawTensor(tensor.Name, TensorDType.F32, tensor.Shape, bytes);
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

    /// <summary>The values as floats.</summary>
    /// <exception cref="InvalidDataException">The tensor is not F32.</exception>
    public float[] ToFloat()
    {
        Expect(TensorDType.F32);
        var values = new float[Bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(Bytes.AsSpan(i * 4));
        }

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
