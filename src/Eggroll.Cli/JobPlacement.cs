using Eggroll.Training;

namespace Eggroll.Cli;

/// <summary>
/// Where a training verb runs its job once it is built and restored: in this process (<see cref="Local"/>), or spread
/// over a cluster's workers (<c>eggroll cluster coordinator</c>). Disposing it releases what placing took.
/// </summary>
internal abstract class JobPlacement : IDisposable
{
    /// <summary>The job runs in this process, as it is.</summary>
    public static JobPlacement Local { get; } = new LocalPlacement();

    /// <summary>Cancelled when the placement can no longer run epochs (e.g. its membership store went away): the run stops after the current epoch and saves its checkpoint.</summary>
    public virtual CancellationToken Lost => CancellationToken.None;

    /// <summary>The job to give the run loop for <paramref name="job"/>, whose state it shares.</summary>
    /// <exception cref="ConfigException">This kind of job cannot be placed here; names the field.</exception>
    public abstract ITrainingJob Place(ITrainingJob job);

    /// <summary>Throws the reason <see cref="Lost"/> was cancelled, if it was.</summary>
    public virtual void ThrowIfLost()
    {
    }

    /// <inheritdoc/>
    public virtual void Dispose()
    {
    }

    private sealed class LocalPlacement : JobPlacement
    {
        public override ITrainingJob Place(ITrainingJob job) => job;
    }
}
