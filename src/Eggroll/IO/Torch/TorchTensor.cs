namespace Eggroll.IO.Torch;

/// <summary>A tensor as a torch pickle describes it: a view of <paramref name="Storage"/> at an offset with sizes and strides, all in elements.</summary>
/// <param name="Storage">The storage holding the elements.</param>
/// <param name="Offset">Index of the first element in the storage.</param>
/// <param name="Size">The dimensions.</param>
/// <param name="Stride">Elements to step in the storage per index of each dimension.</param>
internal sealed record TorchTensor(TorchStorage Storage, long Offset, long[] Size, long[] Stride);
