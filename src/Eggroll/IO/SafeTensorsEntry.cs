namespace Eggroll.IO;

/// <summary>One tensor as a safetensors header describes it, before any of its data is read.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="DType">Its element type.</param>
/// <param name="Shape">Its dimensions (64-bit, as the format allows).</param>
/// <param name="Begin">Start of its bytes, counted from the start of the data section (the header's <c>data_offsets[0]</c>).</param>
/// <param name="End">End (exclusive) of its bytes in the data section (<c>data_offsets[1]</c>).</param>
public sealed record SafeTensorsEntry(string Name, TensorDType DType, long[] Shape, long Begin, long End)
{
    /// <summary>Number of bytes the tensor occupies.</summary>
    public long ByteLength => End - Begin;

    /// <summary>Number of elements (the byte length over the element size, which the reader has checked equals the shape's product).</summary>
    public long ElementCount => ByteLength / RawTensor.ElementSize(DType);
}
