using Eggroll.Training;

namespace Eggroll.Distributed;

/// <summary>
/// How a silo builds a worker's replica: every replica, and the coordinator's, must come from the same run config and
/// seed, so that they start bit-identical (the coordinator checks their hashes before the first epoch).
/// </summary>
public sealed class WorkerJob
{
    private readonly Func<IPopulationJob> create;

    /// <summary>Creates the description from <paramref name="create"/>, called once per worker activation.</summary>
    public WorkerJob(Func<IPopulationJob> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        this.create = create;
    }

    /// <summary>A new replica at epoch 0.</summary>
    public IPopulationJob Create() => create();
}
