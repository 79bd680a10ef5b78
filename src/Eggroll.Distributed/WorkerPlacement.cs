using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Eggroll.Distributed;

/// <summary>Places worker i on the i-th (mod count) active silo in address order, so workers spread over the silos.</summary>
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

/// <summary>Chooses the silo of a new worker activation: its integer key modulo the compatible silos, sorted by address.</summary>
internal sealed class WorkerPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToArray();
        long index = target.GrainIdentity.GetIntegerKey(out _);
        return Task.FromResult(silos[(int)(index % silos.Length)]);
    }
}
