namespace Eggroll.Training;

/// <summary>
/// Thrown by the <see cref="RunLoop"/> when an epoch left the job unable to continue, typically because a learning
/// rate or σ far too large drove parameters or scores to NaN or ±∞. The diverged state is not saved: the last
/// checkpoint stays as it was.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for epoch <paramref name="epoch"/>, with <paramref name="reason"/> from <see cref="ITrainingJob.DescribeDivergence"/>.</summary>
    public TrainingDivergedException(long epoch, string reason)
        : base($"training diverged: after epoch {epoch} {reason}, so the run stopped without saving that state; lower the learning rate or σ and start a new run.")
    {
        Epoch = epoch;
        Reason = reason;
    }

    /// <summary>The 1-based epoch after which the job diverged.</summary>
    public long Epoch { get; }

    /// <summary>What went wrong.</summary>
    public string Reason { get; }
}
