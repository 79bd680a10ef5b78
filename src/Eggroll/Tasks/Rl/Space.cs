namespace Eggroll.Tasks.Rl;

/// <summary>The set of valid observations or actions of an environment, in Gymnasium's sense.</summary>
public abstract class Space
{
    /// <summary>Number of floats one element of the space occupies in a row (1 for a discrete space: its index).</summary>
    public abstract int Size { get; }
}
