namespace Eggroll.Distributed;

/// <summary>A worker's replica no longer matches the coordinator's bit for bit (different config, code or kernels); the run stops.</summary>
public sealed class ReplicaDivergedException : Exception
{
    /// <summary>Creates the exception with its one-line <paramref name="message"/>.</summary>
    public ReplicaDivergedException(string message)
        : base(message)
    {
    }
}
