namespace Eggroll.Training;

/// <summary>How a <see cref="RunLoop"/> ended.</summary>
/// <param name="EpochsCompleted">Epochs completed in total (including those before a resume).</param>
/// <param name="Reason">Why the loop stopped.</param>
/// <param name="Last">The last epoch this loop ran, or null if it ran none.</param>
/// <param name="LastValidation">The last validation this loop ran, or null.</param>
public sealed record RunResult(long EpochsCompleted, StopReason Reason, IEpochReport? Last, ValidationReport? LastValidation)
{
    /// <summary>True when cancellation stopped the loop before its epochs were complete.</summary>
    public bool Interrupted => Reason == StopReason.Cancelled;
}
