namespace Eggroll.Distributed;

/// <summary>
/// Score members [<paramref name="FirstMember"/>, FirstMember + <paramref name="Count"/>) of epoch <paramref name="Epoch"/>
/// (0-based); with <paramref name="ReportHash"/>, the answer carries the replica's <see cref="StateHash"/> at the epoch's start.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record RangeRequest([property: Id(0)] long Epoch, [property: Id(1)] int FirstMember, [property: Id(2)] int Count, [property: Id(3)] bool ReportHash = false)
{
    /// <summary>Bytes of the request's fields (without the framing Orleans adds).</summary>
    public int PayloadBytes => sizeof(long) + sizeof(int) + sizeof(int) + sizeof(bool);
}
