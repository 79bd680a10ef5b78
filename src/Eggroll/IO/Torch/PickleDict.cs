namespace Eggroll.IO.Torch;

/// <summary>A Python <c>dict</c> or <c>OrderedDict</c> read from a pickle, keeping insertion order; keys are scalars (str, int, bool, float).</summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object, object?>> entries = [];
    private readonly Dictionary<object, int> positions = [];

    /// <summary>The entries in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<object, object?>> Entries => entries;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, keeping the key's first position as Python does.</summary>
    /// <exception cref="InvalidDataException">The key is not a scalar.</exception>
    public void Set(object? key, object? value)
    {
        if (key is not (string or long or bool or double))
        {
            throw new InvalidDataException($"a dict key of type {PickleValues.TypeName(key)} is not supported.");
        }

        if (positions.TryGetValue(key, out int position))
        {
            entries[position] = KeyValuePair.Create(key, value);
            return;
        }

        positions.Add(key, entries.Count);
        entries.Add(KeyValuePair.Create(key, value));
    }
}
