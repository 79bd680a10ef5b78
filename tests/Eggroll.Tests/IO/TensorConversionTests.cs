using System.Buffers.Binary;
using Eggroll.IO;

namespace Eggroll.Tests.IO;

/// <summary>
/// <see cref="RawTensor.ToFloat"/> against bit patterns worked out by hand from the IEEE 754 binary16 and bfloat16
/// layouts (1 sign bit; 5 or 8 exponent bits; 10 or 7 fraction bits), and against C# casts for the rounded dtypes.
/// </summary>
public sealed class TensorConversionTests
{
    public static TheoryData<ushort, float> HalfValues => new()
    {
        { 0x3E00, 1.5f },
        { 0xC000, -2f },
        { 0x0001, MathF.ScaleB(1f, -24) },
        { 0x03FF, MathF.ScaleB(1023f, -24) },
        { 0x0400, MathF.ScaleB(1f, -14) },
        { 0x7BFF, 65504f },
        { 0x8000, -0f },
        { 0x7C00, float.PositiveInfinity },
        { 0xFC00, float.NegativeInfinity },
    };

    public static TheoryData<ushort, float> BFloat16Values => new()
    {
        { 0x3FC0, 1.5f },
        { 0xC000, -2f },
        { 0x0001, MathF.ScaleB(1f, -133) },
        { 0x007F, MathF.ScaleB(127f, -133) },
        { 0x0080, MathF.ScaleB(1f, -126) },
        { 0x7F7F, MathF.ScaleB(255f, 120) },
        { 0x3DCD, 0.10009765625f },
        { 0x8000, -0f },
        { 0x7F80, float.PositiveInfinity },
        { 0xFF80, float.NegativeInfinity },
    };

    [Theory]
    [MemberData(nameof(HalfValues))]
    public void HalfBitsBecomeTheirExactValue(ushort bits, float expected) =>
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(Convert(TensorDType.F16, bits)));

    [Theory]
    [MemberData(nameof(BFloat16Values))]
    public void BFloat16BitsBecomeTheirExactValue(ushort bits, float expected) =>
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(Convert(TensorDType.BF16, bits)));

    [Theory]
    [InlineData(TensorDType.F16, 0x7E00)]
    [InlineData(TensorDType.F16, 0xFC01)]
    [InlineData(TensorDType.BF16, 0x7FC0)]
    [InlineData(TensorDType.BF16, 0xFF81)]
    public void NaNBitsStayNaN(TensorDType type, ushort bits) => Assert.True(float.IsNaN(Convert(type, bits)));

    [Fact]
    public void BFloat16KeepsTheNaNPayloadAndSign() =>
        Assert.Equal(unchecked((int)0xFF810000), BitConverter.SingleToInt32Bits(Convert(TensorDType.BF16, 0xFF81)));

    [Fact]
    public void WideFloatsAndIntegersRoundToTheNearestFloat()
    {
        float[] doubles = Floats(TensorDType.F64, 8, (s, i) => BinaryPrimitives.WriteDoubleLittleEndian(s, new[] { 0.1, 1e300, -1e39, -1e-50, 1.4e-45 }[i]), 5);
        Assert.Equal([0.1f, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon], doubles);
        Assert.True(float.IsNegative(doubles[3]));
        // 2^60 + 2^36 + 1 lies just above the midpoint of two floats; rounding it to double first would land on the midpoint and then round down.
        long aboveMidpoint = (1L << 60) + (1L << 36) + 1;
        Assert.Equal([16777216f, 16777216f, -3f, 9.223372E18f, MathF.ScaleB(1f + MathF.ScaleB(1f, -23), 60)], Floats(TensorDType.I64, 8, (s, i) =>
            BinaryPrimitives.WriteInt64LittleEndian(s, new[] { 16777216L, 16777217L, -3L, long.MaxValue, aboveMidpoint }[i]), 5));
        Assert.Equal([2147483648f, -2147483648f, 16777215f], Floats(TensorDType.I32, 4, (s, i) =>
            BinaryPrimitives.WriteInt32LittleEndian(s, new[] { int.MaxValue, int.MinValue, 16777215 }[i]), 3));
    }

    [Fact]
    public void BytesAndBooleansConvertExactly()
    {
        Assert.Equal([0f, 1f, 127f, 255f], new RawTensor("u", TensorDType.U8, [4], [0, 1, 127, 255]).ToFloat());
        Assert.Equal([-128f, -1f, 0f, 127f], new RawTensor("i", TensorDType.I8, [4], [0x80, 0xFF, 0, 0x7F]).ToFloat());
        Assert.Equal([0f, 1f, 1f], new RawTensor("b", TensorDType.BOOL, [3], [0, 1, 2]).ToFloat());
    }

    [Fact]
    public void APartialElementIsRejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => new RawTensor("h", TensorDType.F16, [1], [1, 2, 3]).ToFloat());

        Assert.Equal("tensor 'h' has 3 bytes, not a whole number of 2-byte F16 elements.", error.Message);
    }

    private static float Convert(TensorDType type, ushort bits)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, bits);
        return new RawTensor("t", type, [1], bytes).ToFloat()[0];
    }

    private static float[] Floats(TensorDType type, int size, Action<Span<byte>, int> write, int count)
    {
        var bytes = new byte[count * size];
        for (int i = 0; i < count; i++)
        {
            write(bytes.AsSpan(i * size), i);
        }

        return new RawTensor("t", type, [count], bytes).ToFloat();
    }
}
