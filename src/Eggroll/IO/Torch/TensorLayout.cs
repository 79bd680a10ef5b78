namespace Eggroll.IO.Torch;

/// <summary>Checks a <see cref="TorchTensor"/>'s view against its storage and copies its elements out in row-major order.</summary>
internal static class TensorLayout
{
    /// <summary>The tensor's shape as .NET ints, after checking that every element it views lies inside its storage.</summary>
    /// <exception cref="InvalidDataException">A negative size, stride or offset, a dimension over <see cref="int.MaxValue"/>, or a view past the end of the storage.</exception>
    public static int[] Check(TorchTensor tensor)
    {
        if (tensor.Offset < 0 || tensor.Size.Any(d => d < 0) || tensor.Stride.Any(s => s < 0))
        {
            throw new InvalidDataException($"offset {tensor.Offset}, sizes [{string.Join(", ", tensor.Size)}] or strides [{string.Join(", ", tensor.Stride)}] are negative.");
        }

        if (tensor.Size.Any(d => d > int.MaxValue))
        {
            throw new InvalidDataException($"sizes [{string.Join(", ", tensor.Size)}] have a dimension over {int.MaxValue}.");
        }

        if (!tensor.Size.Contains(0))
        {
            Int128 last = tensor.Offset;
            for (int d = 0; d < tensor.Size.Length; d++)
            {
                last += (Int128)(tensor.Size[d] - 1) * tensor.Stride[d];
            }

            if (last >= tensor.Storage.ElementCount)
            {
                throw new InvalidDataException($"the view (offset {tensor.Offset}, sizes [{string.Join(", ", tensor.Size)}], strides [{string.Join(", ", tensor.Stride)}]) reaches element {last} of storage '{tensor.Storage.Key}', which has {tensor.Storage.ElementCount}.");
            }
        }

        return Array.ConvertAll(tensor.Size, d => (int)d);
    }

    /// <summary>Whether the elements are consecutive in the storage in row-major order (strides of size-1 dimensions do not matter).</summary>
    public static bool IsContiguous(TorchTensor tensor)
    {
        long expected = 1;
        for (int d = tensor.Size.Length - 1; d >= 0; d--)
        {
            if (tensor.Size[d] != 1 && tensor.Stride[d] != expected)
            {
                return false;
            }

            expected *= tensor.Size[d];
        }

        return true;
    }

    /// <summary>Copies the <paramref name="tensor"/>'s elements (checked with <see cref="Check"/>) out of <paramref name="storage"/>, row-major.</summary>
    public static byte[] Gather(TorchTensor tensor, byte[] storage)
    {
        int size = RawTensor.ElementSize(tensor.Storage.DType);
        Int128 total = tensor.Size.Aggregate((Int128)size, (product, d) => product * d);
        if (total > Array.MaxLength)
        {
            throw new InvalidDataException($"the tensor has {total} bytes, more than one .NET array holds ({Array.MaxLength}).");
        }

        var bytes = new byte[(int)total];
        long count = bytes.Length / size;
        if (count == 0)
        {
            return bytes;
        }

        if (IsContiguous(tensor))
        {
            storage.AsSpan(checked((int)(tensor.Offset * size)), bytes.Length).CopyTo(bytes);
            return bytes;
        }

        var index = new long[tensor.Size.Length];
        for (long element = 0; element < count; element++)
        {
            long source = tensor.Offset;
            for (int d = 0; d < index.Length; d++)
            {
                source += index[d] * tensor.Stride[d];
            }

            storage.AsSpan(checked((int)(source * size)), size).CopyTo(bytes.AsSpan(checked((int)(element * size))));
            for (int d = index.Length - 1; d >= 0 && ++index[d] == tensor.Size[d]; d--)
            {
                index[d] = 0;
            }
        }

        return bytes;
    }
}
