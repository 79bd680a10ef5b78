namespace Eggroll.Tests.Architecture;

/// <summary>
/// The core library's rooms, lowest first: a type may use types of its own room or a lower one,
/// never a higher one. A room is a namespace and everything below it; the root namespace ranks with IO.
/// </summary>
internal static class Rooms
{
    private static readonly (string Namespace, int Rank)[] Ranks =
    [
        ("Eggroll.IO", 0),
        ("Eggroll.Numerics", 1),
        ("Eggroll.Noise", 2),
        ("Eggroll.Population", 3),
        ("Eggroll.Models", 4),
        ("Eggroll.Training", 5),
        ("Eggroll.Tasks", 6),
    ];

    /// <summary>The rank of <paramref name="type"/>'s room, or null for a namespace no room owns.</summary>
    public static int? RankOf(Type type)
    {
        string ns = type.Namespace ?? "";
        if (ns == "Eggroll") return 0;
        foreach (var (room, rank) in Ranks)
        {
            if (ns == room || ns.StartsWith(room + ".", StringComparison.Ordinal)) return rank;
        }

        return null;
    }
}
