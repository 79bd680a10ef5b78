namespace Eggroll.Training;

/// <summary>How a training loop ended.</summary>
/// <param name="EpochsCompleted">Epochs completed in total (including before a resume).</param>
/// <param name="Interrupted">True when cancellation stopped the loop early.</param>
/// <param name="Last">Metrics of the last epoch run by this loop, or null if none ran.</param>
public sealed record TrainingResult(long EpochsCompleted, bool Interrupted, EpochMetrics? Last);
