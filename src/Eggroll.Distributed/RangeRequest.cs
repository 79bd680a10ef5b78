namespace Eggroll.Distributed;

/// <summary>Score members [<paramref name="FirstMember"/>, FirstMember + <paramref name="Count"/>) of epoch <paramref name="Epoch"/> (0-based).</summary>
[GenerateSerializer]
[Immutable]
public sealed record RangeRequest([property: Id(0)] long Epoch, [property: Id(1)] int FirstMember, [property: Id(2)] int Count);
