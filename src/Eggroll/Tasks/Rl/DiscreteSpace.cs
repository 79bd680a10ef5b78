namespace Eggroll.Tasks.Rl;

/// <summary>The integers {0, …, <see cref="Count"/> − 1} (Gymnasium's <c>Discrete(n)</c>); an element is stored as one float holding the index.</summary>
public sealed class DiscreteSpace : Space
{
    /// <summary>Creates the space of <paramref name="count"/> choices.</summary>
    public DiscreteSpace(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
    }

    /// <summary>Number of choices n.</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public override int Size => 1;

    /// <summary>The index held by <paramref name="value"/>; throws when it is not a whole number in [0, n).</summary>
    public int IndexOf(float value)
    {
        int index = (int)value;
        if (index != value || index < 0 || index >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"A discrete action must be a whole number in [0, {Count}).");
        }

        return index;
    }
}
