namespace Eggroll.Training;

/// <summary>
/// Thrown by the <see cref="RunLoop"/> when an epoch left a parameter NaN or ±∞ (typically a learning rate or σ
/// far too large). The diverged state is not saved: the last checkpoint stays as it was.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for parameter <paramref name="parameter"/> after epoch <paramref name="epoch"/>.</summary>
    public TrainingDivergedException(long epoch, string parameter)
        : base($"training diverged: after epoch {epoch} parameter '{parameter}' is NaN or infinite, so the run stopped without saving that state; lower the learning rate or σ and start a new run.")
    {
        Epoch = epoch;
        Parameter = parameter;
    }

    /// <summary>The 1-based epoch after which the parameter was not finite.</summary>
    public long Epoch { get; }

    /// <summary>The parameter's name.</summary>
    public string Parameter { get; }
}
