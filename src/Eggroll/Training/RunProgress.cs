namespace Eggroll.Training;

/// <summary>Where a run stands after an epoch, for progress displays.</summary>
/// <param name="Report">The epoch just completed.</param>
/// <param name="Validation">Its validation, when one ran after this epoch.</param>
/// <param name="TotalEpochs">The epoch the run stops at.</param>
/// <param name="Elapsed">Wall time of this invocation so far.</param>
/// <param name="Remaining">Estimated time to the end (the epochs left at this invocation's mean epoch time, capped by the time limit).</param>
/// <param name="IsLast">True for the last epoch this invocation runs.</param>
public sealed record RunProgress(IEpochReport Report, ValidationReport? Validation, long TotalEpochs, TimeSpan Elapsed, TimeSpan Remaining, bool IsLast);
