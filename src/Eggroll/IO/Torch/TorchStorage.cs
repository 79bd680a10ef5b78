namespace Eggroll.IO.Torch;

/// <summary>A typed storage a torch checkpoint refers to by key; its bytes are the archive entry <c>data/&lt;key&gt;</c>.</summary>
/// <param name="Key">The storage key (the entry name under <c>data/</c>).</param>
/// <param name="DType">The element type, from the storage class (e.g. <c>torch.BFloat16Storage</c>).</param>
/// <param name="ElementCount">Number of elements in the storage.</param>
internal sealed record TorchStorage(string Key, TensorDType DType, long ElementCount)
{
    /// <summary>Number of bytes the storage occupies (null when that exceeds <see cref="long.MaxValue"/>).</summary>
    public long? ByteCount => RawTensor.ByteCount([ElementCount], DType);
}
