namespace Eggroll.Training;

/// <summary>Why a <see cref="RunLoop"/> returned.</summary>
public enum StopReason
{
    /// <summary>All epochs are complete.</summary>
    Completed,

    /// <summary>The time limit of this invocation ran out.</summary>
    TimeLimit,

    /// <summary>Cancellation was requested (e.g. SIGINT or SIGTERM).</summary>
    Cancelled,
}
