using System.Net;
using Eggroll.Cli.Cluster;
using Eggroll.Distributed;
using Eggroll.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Eggroll.Cli.Bench;

/// <summary>
/// Worker silos (<see cref="ClusterSilo.StartWorkerAsync"/>) in this process on loopback ports (development clustering,
/// silo 0 the primary and the coordinator's). Every silo builds its workers' replicas with the job set by
/// <see cref="Use"/>, so that each measurement can run a new run id (new worker activations) with its own model.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);

    private readonly List<IHost> silos = [];
    private Func<Trainer> job = () => throw new InvalidOperationException("no job set");

    public IGrainFactory Grains => silos[0].Services.GetRequiredService<IGrainFactory>();

    public static async Task<LoopbackCluster> StartAsync(int siloCount)
    {
        var cluster = new LoopbackCluster();
        IPEndPoint? primary = null;
        var workerJob = new WorkerJob(() => cluster.job());
        for (int i = 0; i < siloCount; i++)
        {
            var listen = new IPEndPoint(IPAddress.Loopback, ClusterSilo.FreePort(IPAddress.Loopback));
            primary ??= listen;
            cluster.silos.Add(await ClusterSilo.StartWorkerAsync(listen, ClusterMembership.Development(primary), workerJob, StartTimeout));
        }

        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        while ((await management.GetHosts(onlyActive: true)).Count < siloCount)
        {
            await Task.Delay(50);
        }

        return cluster;
    }

    /// <summary>Workers activated from now on replicate jobs built by <paramref name="create"/>.</summary>
    public void Use(Func<Trainer> create) => job = create;

    /// <summary>Whether worker <paramref name="index"/> of <paramref name="runId"/> runs on another silo than the coordinator's.</summary>
    public async Task<bool> IsRemoteAsync(long index, string runId)
    {
        var state = await Grains.GetGrain<IScoreWorker>(index, runId).State();
        return state.Silo != silos[0].Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(silos))
        {
            await host.StopAsync(new CancellationToken(canceled: true)).ContinueWith(_ => { }, TaskScheduler.Default);
            host.Dispose();
        }
    }
}
