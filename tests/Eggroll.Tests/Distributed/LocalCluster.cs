using System.Net;
using System.Net.Sockets;
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

    private LocalCluster()
    {
    }

    public IGrainFactory Grains => silos[0]!.Services.GetRequiredService<IGrainFactory>();

    public static async Task<LocalCluster> StartAsync(int siloCount, Func<int, WorkerJob> jobOfSilo)
    {
        var cluster = new LocalCluster();
        string clusterId = "eggroll-test-" + Guid.NewGuid().ToString("N");
        IPEndPoint? primary = null;
        for (int i = 0; i < siloCount; i++)
        {
            int siloPort = FreePort(), gatewayPort = FreePort();
            primary ??= new IPEndPoint(IPAddress.Loopback, siloPort);
            var job = jobOfSilo(i);
            var host = new HostBuilder()
                .UseOrleans(silo => silo.UseLocalhostClustering(siloPort, gatewayPort, primary, clusterId, clusterId).AddScoreWorkers(job))
                .Build();
            await host.StartAsync();
            cluster.silos.Add(host);
        }

        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        while ((await management.GetHosts(onlyActive: true)).Count < siloCount)
        {
            await Task.Delay(50);
        }

        return cluster;
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
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
