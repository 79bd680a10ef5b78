namespace Eggroll.Distributed;

/// <summary>An epoch could not be completed: no worker was left to score a range; the message names the range and the last fault.</summary>
public sealed class DistributedRunException : Exception
{
    /// <summary>Creates the exception with its one-line <paramref name="message"/>.</summary>
    public DistributedRunException(string message)
        : base(message)
    {
    }
}
