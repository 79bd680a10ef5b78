namespace Eggroll.Population;

/// <summary>
/// The ordered, uniquely named parameters of a model. A parameter's position is its id,
/// which keys its noise, so the order is part of a model's identity.
/// </summary>
public sealed class ParameterSet
{
    private readonly NamedParameter[] entries;

    /// <summary>Builds the set, assigning ids in order. Names must be unique; a parameter may appear once.</summary>
    public ParameterSet(IEnumerable<NamedParameter> parameters)
    {
        entries = parameters.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < entries.Length; i++)
        {
            if (!names.Add(entries[i].Name))
            {
                throw new ArgumentException($"Duplicate parameter name '{entries[i].Name}'.", nameof(parameters));
            }

            if (!seen.Add(entries[i].Parameter))
            {
                throw new ArgumentException($"Parameter '{entries[i].Name}' appears twice in the model; shared parameters are not supported.", nameof(parameters));
            }

            entries[i].Parameter.Id = i;
        }
    }

    /// <summary>Number of parameters.</summary>
    public int Count => entries.Length;

    /// <summary>The entry with id <paramref name="id"/>.</summary>
    public NamedParameter this[int id] => entries[id];

    /// <summary>All entries in id order.</summary>
    public IReadOnlyList<NamedParameter> Entries => entries;

    /// <summary>Enumerates the entries in id order without allocating (for <c>foreach</c> in hot loops).</summary>
    public ReadOnlySpan<NamedParameter>.Enumerator GetEnumerator() => new ReadOnlySpan<NamedParameter>(entries).GetEnumerator();

    /// <summary>Total number of scalar values, frozen ones included.</summary>
    public long ScalarCount => entries.Sum(e => (long)e.Parameter.Count);

    /// <summary>Freezes every parameter that is not a matrix or embedding (the authors' <c>freeze_nonlora</c>).</summary>
    public void FreezeNonMatrix()
    {
        foreach (var entry in entries)
        {
            if (entry.Parameter.Kind == ParameterKind.Vector)
            {
                entry.Parameter.Frozen = true;
            }
        }
    }
}
