using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Eggroll.IO;

/// <summary>
/// Converts little-endian tensor bytes of any <see cref="TensorDType"/> to float32. Exact for F32, F16, BF16,
/// I8, U8 and BOOL (false is 0, true is 1); I32 and I64 are exact up to 2^24 in magnitude and rounded to the
/// nearest float beyond; F64 is rounded to the nearest float, overflowing to ±infinity.
/// </summary>
internal static class TensorConversion
{
    /// <summary>Converts whole elements of <paramref name="type"/> in <paramref name="source"/> into <paramref name="destination"/>, which must hold exactly that many floats.</summary>
    public static void ToSingle(TensorDType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Reading safetensors data needs a little-endian machine.");
        }

        if (source.Length != destination.Length * RawTensor.ElementSize(type))
        {
            throw new ArgumentException($"{source.Length} bytes of {type} do not make {destination.Length} elements.", nameof(destination));
        }

        switch (type)
        {
            case TensorDType.F32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
            case TensorDType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
                break;
            case TensorDType.BF16:
                BFloat16ToSingle(MemoryMarshal.Cast<byte, ushort>(source), destination);
                break;
            case TensorDType.F64:
                Widen<double>(source, destination);
                break;
            case TensorDType.I64:
                Widen<long>(source, destination);
                break;
            case TensorDType.I32:
                Widen<int>(source, destination);
                break;
            case TensorDType.I8:
                Widen<sbyte>(source, destination);
                break;
            case TensorDType.U8:
                Widen<byte>(source, destination);
                break;
            case TensorDType.BOOL:
                Widen<byte>(source, destination);
                TensorPrimitives.Min(destination, 1f, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown dtype.");
        }
    }

    /// <summary>Converts each element to the nearest float: into float, ConvertTruncating is the ordinary cast (out-of-range doubles become ±infinity).</summary>
    private static void Widen<T>(ReadOnlySpan<byte> source, Span<float> destination)
        where T : unmanaged, System.Numerics.INumberBase<T> =>
        TensorPrimitives.ConvertTruncating(MemoryMarshal.Cast<byte, T>(source), destination);

    /// <summary>bfloat16 is the high half of a float32, so widening is a shift (NaN payloads and subnormals included).</summary>
    private static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        var bits = MemoryMarshal.Cast<float, uint>(destination);
        for (int i = 0; i < source.Length; i++)
        {
            bits[i] = (uint)source[i] << 16;
        }
    }
}
