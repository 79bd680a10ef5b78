using System.Net;
using System.Net.Sockets;
using Eggroll.Distributed;
using Microsoft.Extensions.Hosting;

namespace Eggroll.Tests.Cluster;

/// <summary>
/// A worker silo left to choose its port (port 0) takes another when a port that was free on choosing is bound by someone
/// else before the silo binds it; a port given explicitly is not replaced, and its failure names the endpoint.
/// </summary>
public sealed class SiloPortTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>A worker replica is built only when work is placed on it, which these tests never do.</summary>
    private static readonly WorkerJob NoJob = new(() => throw new InvalidOperationException("no work is placed in this test"));

    [Fact]
    public async Task AWorkerLeftToChooseItsPortTakesAnotherWhenTheChosenOneIsTaken()
    {
        var primary = new IPEndPoint(IPAddress.Loopback, ClusterSilo.FreePort(IPAddress.Loopback));
        var membership = ClusterMembership.Development(primary);
        var coordinator = await ClusterSilo.StartCoordinatorAsync(primary, membership, Timeout);
        IHost? worker = null;
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var chosen = new List<int>();
        try
        {
            worker = await ClusterSilo.StartWorkerAsync(new IPEndPoint(IPAddress.Loopback, 0), membership, NoJob, Timeout, null, () =>
            {
                chosen.Add(chosen.Count == 0 ? takenPort : ClusterSilo.FreePort(IPAddress.Loopback));
                return chosen[^1];
            });

            Assert.Equal(2, chosen.Count);
            Assert.Equal(chosen[1], ClusterSilo.Endpoint(worker).Port);
        }
        finally
        {
            foreach (var silo in new[] { worker, coordinator })
            {
                if (silo is not null)
                {
                    ClusterSilo.Stop(silo, TimeSpan.FromSeconds(5));
                }
            }
        }
    }

    [Fact]
    public async Task AWorkerGivenATakenPortFailsNamingItAndTriesNoOther()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var endpoint = (IPEndPoint)taken.LocalEndpoint;
        var membership = ClusterMembership.Development(new IPEndPoint(IPAddress.Loopback, ClusterSilo.FreePort(IPAddress.Loopback)));
        int chosen = 0;

        var error = await Assert.ThrowsAsync<DistributedRunException>(() =>
            ClusterSilo.StartWorkerAsync(endpoint, membership, NoJob, Timeout, null, () => ++chosen));

        Assert.True(error.EndpointInUse, error.Message);
        Assert.Contains(endpoint.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, chosen);
    }
}
