using System.Net;
using System.Net.Sockets;
using Eggroll.Distributed.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Eggroll.Distributed;

/// <summary>
/// The silos of a run as separate processes: one coordinator silo, which hosts no workers and from which the
/// <see cref="DistributedTrainer"/> calls them, and worker silos, each hosting the score workers placed on it. Silos
/// are named by role, so each side can tell the other's silos in the membership table.
/// </summary>
public static class ClusterSilo
{
    /// <summary>The Orleans cluster and service id every eggroll silo joins.</summary>
    public const string ClusterId = "eggroll";

    private const string CoordinatorPrefix = "eggroll-coordinator-";
    private const string WorkerPrefix = "eggroll-worker-";

    /// <summary>Ports a worker silo left to choose its own (port 0) tries before it gives up: each was free when chosen.</summary>
    private const int PortAttempts = 5;

    /// <summary>
    /// Starts the coordinator's silo listening on <paramref name="listen"/>; with <paramref name="credentials"/>, every
    /// connection of the silo is mutual TLS (<see cref="ClusterTlsExtensions.AddClusterTls(ISiloBuilder, ClusterCredentials)"/>).
    /// </summary>
    /// <exception cref="DistributedRunException">The silo could not start or join the cluster within <paramref name="timeout"/>.</exception>
    public static Task<IHost> StartCoordinatorAsync(IPEndPoint listen, ClusterMembership membership, TimeSpan timeout, ClusterCredentials? credentials = null) =>
        StartAsync(listen, membership, CoordinatorPrefix, timeout, credentials, silo =>
        {
            silo.Services.AddPlacementDirector<WorkerPlacementStrategy, WorkerPlacementDirector>();
            silo.Services.PostConfigure<GrainTypeOptions>(options => options.Classes.Remove(typeof(ScoreWorkerGrain)));
        });

    /// <summary>
    /// Starts a worker silo listening on <paramref name="listen"/> whose workers replicate <paramref name="job"/>; with
    /// <paramref name="credentials"/>, every connection of the silo is mutual TLS.
    /// </summary>
    /// <exception cref="DistributedRunException">The silo could not reach the cluster within <paramref name="timeout"/> (e.g. a cluster closed by TLS that refuses its credentials).</exception>
    /// <remarks>
    /// With port 0 the silo takes a port of the address that is free when it starts; another process can bind that port
    /// between the choice and the silo's own bind, and then the silo tries another, up to five ports in all.
    /// </remarks>
    public static Task<IHost> StartWorkerAsync(IPEndPoint listen, ClusterMembership membership, WorkerJob job, TimeSpan timeout, ClusterCredentials? credentials = null) =>
        StartWorkerAsync(listen, membership, job, timeout, credentials, () => FreePort(listen.Address));

    /// <summary>As the public overload, with the ports tried for port 0 given by <paramref name="choosePort"/>.</summary>
    internal static async Task<IHost> StartWorkerAsync(IPEndPoint listen, ClusterMembership membership, WorkerJob job, TimeSpan timeout, ClusterCredentials? credentials, Func<int> choosePort)
    {
        ArgumentNullException.ThrowIfNull(listen);
        for (int attempt = 1; ; attempt++)
        {
            var endpoint = listen.Port != 0 ? listen : new IPEndPoint(listen.Address, choosePort());
            try
            {
                return await StartAsync(endpoint, membership, WorkerPrefix, timeout, credentials, silo => silo.AddScoreWorkers(job));
            }
            catch (DistributedRunException e) when (e.EndpointInUse && listen.Port == 0 && attempt < PortAttempts)
            {
            }
        }
    }

    /// <summary>A port of <paramref name="address"/> that was free a moment ago; another process may bind it before the caller does.</summary>
    public static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The endpoint <paramref name="silo"/> listens on, with the port it chose when started on port 0.</summary>
    public static IPEndPoint Endpoint(IHost silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint;
    }

    /// <summary>
    /// The worker silos that <paramref name="silo"/> currently sees active and whose grain manifest has reached it (only
    /// then can it place workers there: membership and manifests spread separately).
    /// </summary>
    public static int ActiveWorkers(IHost silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var known = silo.Services.GetRequiredService<IClusterManifestProvider>().Current.Silos;
        return Active(silo, WorkerPrefix).Count(known.ContainsKey);
    }

    /// <summary>The coordinator silos that <paramref name="silo"/> currently sees active.</summary>
    public static int ActiveCoordinators(IHost silo) => Active(silo, CoordinatorPrefix).Count();

    /// <summary>
    /// Stops <paramref name="silo"/> gracefully (it leaves the membership table) and disposes it, waiting at most
    /// <paramref name="patience"/>: when the membership store is gone, Orleans keeps retrying it, and the process ends anyway.
    /// </summary>
    public static void Stop(IHost silo, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(silo);
        using var cancel = new CancellationTokenSource(patience);
        var stopping = silo.StopAsync(cancel.Token);
        if (Task.WhenAny(stopping, Task.Delay(patience + patience)).GetAwaiter().GetResult() == stopping && stopping.IsCompletedSuccessfully)
        {
            silo.Dispose();
        }
    }

    private static IEnumerable<SiloAddress> Active(IHost silo, string prefix)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var members = silo.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values;
        return members.Where(m => m.Status == SiloStatus.Active && m.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(m => m.SiloAddress);
    }

    private static async Task<IHost> StartAsync(IPEndPoint listen, ClusterMembership membership, string prefix, TimeSpan timeout, ClusterCredentials? credentials, Action<ISiloBuilder> role)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(membership);
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddSingleton<IHostLifetime, SignalFreeLifetime>())
            .ConfigureLogging(logging =>
            {
                if (StderrLogging.FromEnvironment() is { } log)
                {
                    logging.AddProvider(log);
                }
            })
            .UseOrleans(silo =>
            {
                membership.Apply(silo);
                silo.ConfigureEndpoints(listen.Address, listen.Port, gatewayPort: 0);
                silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (ClusterId, ClusterId));
                silo.Configure<SiloOptions>(options => options.SiloName = prefix + Guid.NewGuid().ToString("N")[..12]);
                if (credentials is not null)
                {
                    silo.AddClusterTls(credentials);
                }

                role(silo);
            })
            .Build();
        using var deadline = new CancellationTokenSource(timeout);
        var starting = host.StartAsync(deadline.Token);
        string? why = null;
        bool inUse = false;
        try
        {
            if (await Task.WhenAny(starting, Task.Delay(timeout + TimeSpan.FromSeconds(5))) == starting)
            {
                await starting;
                return host;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            why = deadline.IsCancellationRequested ? null : e.Message.Split('\n')[0].Trim();
            inUse = IsEndpointInUse(e);
        }

        if (starting.IsCompleted)
        {
            host.Dispose();
        }

        throw new DistributedRunException($"the silo on {listen} could not join the cluster through {membership.Describe()}: {why ?? $"no answer within {timeout.TotalSeconds:0} s"}")
        {
            EndpointInUse = inUse,
        };
    }

    /// <summary>Whether <paramref name="error"/> or an exception inside it is a socket's "address already in use".</summary>
    private static bool IsEndpointInUse(Exception error) => error switch
    {
        SocketException socket => socket.SocketErrorCode == SocketError.AddressAlreadyInUse,
        AggregateException all => all.InnerExceptions.Any(IsEndpointInUse),
        _ => error.InnerException is { } inner && IsEndpointInUse(inner),
    };
}
