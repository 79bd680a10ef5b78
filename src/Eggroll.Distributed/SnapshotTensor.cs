using Eggroll.IO;

namespace Eggroll.Distributed;

/// <summary>One state tensor of a <see cref="ReplicaSnapshot"/>: name, element type (<see cref="TensorDType"/>), shape and little-endian bytes.</summary>
[GenerateSerializer]
[Immutable]
public sealed record SnapshotTensor([property: Id(0)] string Name, [property: Id(1)] int DType, [property: Id(2)] int[] Shape, [property: Id(3)] byte[] Bytes)
{
    /// <summary>The wire form of <paramref name="tensor"/>.</summary>
    public static SnapshotTensor Of(RawTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new SnapshotTensor(tensor.Name, (int)tensor.DType, tensor.Shape, tensor.Bytes);
    }
}
