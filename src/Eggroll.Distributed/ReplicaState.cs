namespace Eggroll.Distributed;

/// <summary>A replica's completed epochs, the <see cref="StateHash"/> of its state tensors and the silo it runs on.</summary>
[GenerateSerializer]
[Immutable]
public sealed record ReplicaState([property: Id(0)] long Epoch, [property: Id(1)] ulong Hash, [property: Id(2)] string Silo);
