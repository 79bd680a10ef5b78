using System.Net;
using Eggroll.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Eggroll.Tests.Distributed;

/// <summary>
/// Silos in this process on loopback ports with development (localhost) clustering, silo 0 the primary; each hosts
/// score workers built by the factory given for its index. Silo 0's grain factory is the coordinator's.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<IHost?> silos = [];

    private readonly string clusterId = "eggroll-test-" + Guid.NewGuid().ToString("N");
    private IPEndPoint? primary;

    private LocalCluster()
    {
    }

    public IGrainFactory Grains => silos[0]!.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The cluster's id, which clients and joining silos name.</summary>
    public string ClusterId => clusterId;

    /// <summary>The gateway port of silo 0, where clients connect.</summary>
    public int GatewayPort { get; private set; }

    /// <summary>Starts <paramref name="siloCount"/> silos; <paramref name="configure"/> adds to silo i's setup (e.g. TLS).</summary>
    public static async Task<LocalCluster> StartAsync(int siloCount, Func<int, WorkerJob> jobOfSilo, Action<int, ISiloBuilder>? configure = null)
    {
        var cluster = new LocalCluster();
        for (int i = 0; i < siloCount; i++)
        {
            int index = i;
            cluster.silos.Add(await cluster.StartSiloAsync(jobOfSilo(i), silo => configure?.Invoke(index, silo), CancellationToken.None));
        }

        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        while ((await management.GetHosts(onlyActive: true)).Count < siloCount)
        {
            await Task.Delay(50);
        }

        // Worker placement reads each silo's view of the cluster's grain manifests, which follows membership
        // asynchronously: wait until every silo sees every other, so workers spread over all silos from the start.
        foreach (var silo in cluster.silos)
        {
            var manifests = silo!.Services.GetRequiredService<IClusterManifestProvider>();
            while (manifests.Current.Silos.Count < siloCount)
            {
                await Task.Delay(50);
            }
        }

        return cluster;
    }

    /// <summary>The silos that silo 0 sees active and whose grain manifest has reached it (only those can host new workers).</summary>
    public int ActiveSilos()
    {
        var services = silos[0]!.Services;
        var known = services.GetRequiredService<IClusterManifestProvider>().Current.Silos;
        return services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active && known.ContainsKey(m.SiloAddress));
    }

    /// <summary>
    /// Starts one more silo that tries to join the cluster; returns it once it has joined, or null when it has not
    /// started within <paramref name="timeout"/> (then it is stopped and disposed).
    /// </summary>
    public async Task<IHost?> TryJoinAsync(WorkerJob job, Action<ISiloBuilder> configure, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var host = await StartSiloAsync(job, configure, cancel.Token);
            lock (silos)
            {
                silos.Add(host);
            }

            return host;
        }
        catch (Exception e) when (e is OperationCanceledException or OrleansException or TimeoutException)
        {
            return null;
        }
    }

    private async Task<IHost> StartSiloAsync(WorkerJob job, Action<ISiloBuilder> configure, CancellationToken cancel)
    {
        int siloPort = FreePort(), gatewayPort = FreePort();
        if (primary is null)
        {
            primary = new IPEndPoint(IPAddress.Loopback, siloPort);
            GatewayPort = gatewayPort;
        }

        var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, primary, clusterId, clusterId).AddScoreWorkers(job);
                configure(silo);
            })
            .Build();
        try
        {
            await host.StartAsync(cancel);
            return host;
        }
        catch
        {
            await host.StopAsync(new CancellationToken(canceled: true)).ContinueWith(_ => { }, TaskScheduler.Default);
            host.Dispose();
            throw;
        }
    }

    /// <summary>Stops silo <paramref name="index"/> without a graceful shutdown, as a lost machine.</summary>
    public async Task KillAsync(int index)
    {
        var host = silos[index]!;
        silos[index] = null;
        try
        {
            await host.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
        }

        host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        for (int i = silos.Count - 1; i >= 0; i--)
        {
            if (silos[i] is { } host)
            {
                await host.StopAsync(new CancellationToken(canceled: true)).ContinueWith(_ => { });
                host.Dispose();
            }
        }
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    internal static int FreePort() => ClusterSilo.FreePort(IPAddress.Loopback);
}
