using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace Eggroll.Distributed;

/// <summary>Makes a silo able to host score workers.</summary>
public static class WorkerSiloExtensions
{
    /// <summary>Registers the worker placement and the job every worker on this silo replicates.</summary>
    public static ISiloBuilder AddScoreWorkers(this ISiloBuilder silo, WorkerJob job)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(job);
        silo.Services.AddSingleton(job);
        silo.Services.AddPlacementDirector<WorkerPlacementStrategy, WorkerPlacementDirector>();
        return silo;
    }
}
