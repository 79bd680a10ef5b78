using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Eggroll.Distributed;

/// <summary>
/// Places worker i on the i-th (mod count) active silo in the order the silos joined (then by address), so workers spread
/// over the silos and a worker added after a silo joined mid-run (the next key) lands on that silo.
/// </summary>
[GenerateSerializer]
public sealed class WorkerPlacementStrategy : PlacementStrategy
{
}

/// <summary>Marks a grain class as placed by <see cref="WorkerPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class WorkerPlacementAttribute : PlacementAttribute
{
    /// <summary>Creates the attribute.</summary>
    public WorkerPlacementAttribute()
        : base(new WorkerPlacementStrategy())
    {
    }
}

/// <summary>Chooses the silo of a new worker activation: its integer key modulo the compatible silos, sorted by generation (start time, in seconds) and address.</summary>
internal sealed class WorkerPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.Generation).ThenBy(s => s.ToString(), StringComparer.Ordinal).ToArray();
        long index = target.GrainIdentity.GetIntegerKey(out _);
        return Task.FromResult(silos[(int)(index % silos.Length)]);
    }
}
