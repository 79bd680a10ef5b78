namespace Eggroll.Tests.Architecture;

/// <summary>Finds every use of a higher-ranked type by a lower-ranked one.</summary>
internal static class LayeringChecker
{
    /// <summary>
    /// "user → used" for each of <paramref name="types"/> that uses a type of higher rank; <paramref name="rankOf"/>
    /// returns null for types outside the layering (the framework), which are never reported.
    /// </summary>
    public static IReadOnlyList<string> UpwardUses(IEnumerable<Type> types, Func<Type, int?> rankOf)
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            var owner = TypeDependencies.Owner(type);
            if (rankOf(owner) is not int rank) continue;
            foreach (var used in TypeDependencies.Of(type))
            {
                if (rankOf(used) is int usedRank && usedRank > rank)
                {
                    violations.Add($"{owner.FullName} (rank {rank}) → {used.FullName} (rank {usedRank})");
                }
            }
        }

        return [.. violations];
    }
}
