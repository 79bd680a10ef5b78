namespace Eggroll.Distributed;

/// <summary>An epoch could not be completed: no worker was left to score a range; the message names the range and the last fault.</summary>
public sealed class DistributedRunException : Exception
{
    /// <summary>Creates the exception with its one-line <paramref name="message"/>.</summary>
    public DistributedRunException(string message)
        : base(message)
    {
    }

    /// <summary>Whether a silo could not start because another socket holds its endpoint (a port chosen free may be taken before it is bound).</summary>
    internal bool EndpointInUse { get; init; }
}
