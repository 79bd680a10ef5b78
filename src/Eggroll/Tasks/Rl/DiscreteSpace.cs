namespace Eggroll.Tasks.Rl;

/// <summary>The integers {0, …, <see cref="Count"/> − 1} (Gymnasium's <c>Discrete(n)</c>); an element is stored as one float holding the index.</summary>
public sealed class DiscreteSpace : Space
{
    /// <summary>Creates the space of <paramref name="count"/> choices; <paramref name="maskOffset"/> is <see cref="MaskOffset"/>.</summary>
    public DiscreteSpace(int count, int? maskOffset = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (maskOffset is { } offset)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(offset, nameof(maskOffset));
        }

        Count = count;
        MaskOffset = maskOffset;
    }

    /// <summary>Number of choices n.</summary>
    public int Count { get; }

    /// <summary>
    /// Where the environment's observations say which actions are valid (Jumanji's action mask): values
    /// [offset, offset + n) of an observation are 1 for an action valid in that state and 0 for one that is not;
    /// null when the observations carry no such mask.
    /// </summary>
    public int? MaskOffset { get; }

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
