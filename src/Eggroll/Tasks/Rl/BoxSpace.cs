namespace Eggroll.Tasks.Rl;

/// <summary>A box of real vectors low ≤ x ≤ high, element-wise (Gymnasium's <c>Box</c>); bounds may be infinite.</summary>
public sealed class BoxSpace : Space
{
    private readonly float[] low;
    private readonly float[] high;

    /// <summary>Creates the box [<paramref name="low"/>, <paramref name="high"/>]; both have the box's dimension.</summary>
    public BoxSpace(float[] low, float[] high)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Length != high.Length || low.Length == 0)
        {
            throw new ArgumentException($"Bounds must have the same, positive length; got {low.Length} and {high.Length}.", nameof(high));
        }

        this.low = [.. low];
        this.high = [.. high];
    }

    /// <summary>Lower bounds.</summary>
    public ReadOnlySpan<float> Low => low;

    /// <summary>Upper bounds.</summary>
    public ReadOnlySpan<float> High => high;

    /// <inheritdoc/>
    public override int Size => low.Length;
}
