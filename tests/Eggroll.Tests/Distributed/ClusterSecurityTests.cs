using System.Security.Cryptography.X509Certificates;
using Eggroll.Distributed;
using Eggroll.Distributed.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Orleans.Runtime;
using static Eggroll.Tests.Distributed.DistributedTrainingTests;

namespace Eggroll.Tests.Distributed;

/// <summary>
/// A cluster closed by mutual TLS: silos and clients holding a certificate of the cluster's authority work together;
/// a silo or client without a certificate, or with one from another authority, is refused; the run is unaffected.
/// </summary>
public sealed class ClusterSecurityTests
{
    private static readonly TimeSpan Validity = TimeSpan.FromHours(1);
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(4);

    private static readonly X509Certificate2 Authority = ClusterCertificates.CreateAuthority("eggroll test cluster", Validity);
    private static readonly X509Certificate2 OtherAuthority = ClusterCertificates.CreateAuthority("eggroll test cluster", Validity);

    [Fact]
    public async Task StrangerSilosCannotJoinAClusterClosedByTlsAndTheRunStaysBitIdentical()
    {
        await using var cluster = await LocalCluster.StartAsync(2, _ => new WorkerJob(() => CreateJob()), (i, silo) => silo.AddClusterTls(Member($"silo {i}", Authority)));

        var joining = Task.WhenAll(
            cluster.TryJoinAsync(new WorkerJob(() => CreateJob()), _ => { }, JoinTimeout),
            cluster.TryJoinAsync(new WorkerJob(() => CreateJob()), silo => silo.AddClusterTls(Member("stranger", OtherAuthority, trusting: Authority)), JoinTimeout));
        var coordinator = new DistributedTrainer(cluster.Grains, "closed", CreateJob(), [0, 1, 2, 3], Patient);
        await RunAsync(coordinator, 3);

        Assert.Equal([null, null], await joining);
        Assert.Equal(2, (await cluster.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count);
        AssertSameState(SingleMachine(3), coordinator.Replica);
        Assert.Empty(coordinator.Faults);
    }

    [Fact]
    public async Task OnlyAClientWithAClusterCertificateCanReachTheWorkers()
    {
        await using var cluster = await LocalCluster.StartAsync(1, _ => new WorkerJob(() => CreateJob()), (_, silo) => silo.AddClusterTls(Member("silo", Authority)));

        var outcomes = await Task.WhenAll(
            ConnectAsync(cluster, Member("client", Authority)),
            ConnectAsync(cluster, null),
            ConnectAsync(cluster, Member("stranger", OtherAuthority, trusting: Authority)));

        Assert.Equal(["epoch 0", "refused", "refused"], outcomes);
    }

    [Fact]
    public void CredentialsAcceptPinnedThumbprintsAndCertificatesOfTheirAuthorityOnly()
    {
        var pinned = ClusterCertificates.CreateAuthority("pinned", Validity);
        var credentials = new ClusterCredentials(ClusterCertificates.IssueMember(Authority, "member", Validity), [Authority], [ClusterCredentials.ThumbprintOf(pinned)]);

        Assert.True(credentials.Accepts(ClusterCertificates.IssueMember(Authority, "peer", Validity)));
        Assert.True(credentials.Accepts(pinned));
        Assert.False(credentials.Accepts(ClusterCertificates.IssueMember(OtherAuthority, "stranger", Validity)));
        Assert.False(credentials.Accepts(OtherAuthority));
        Assert.False(credentials.Accepts(null));
    }

    [Fact]
    public void CredentialsLoadedFromFilesTrustTheExportedAuthority()
    {
        string directory = Directory.CreateTempSubdirectory("eggroll-tls-").FullName;
        try
        {
            string pfx = Path.Combine(directory, "node.pfx"), pem = Path.Combine(directory, "ca.pem");
            ClusterCertificates.ExportPfx(ClusterCertificates.IssueMember(Authority, "node", Validity), pfx, "secret");
            ClusterCertificates.ExportPem(Authority, pem);

            var credentials = ClusterCredentials.FromFiles(pfx, "secret", pem);

            Assert.True(credentials.Certificate.HasPrivateKey);
            Assert.True(credentials.Accepts(ClusterCertificates.IssueMember(Authority, "peer", Validity)));
            Assert.False(credentials.Accepts(ClusterCertificates.IssueMember(OtherAuthority, "stranger", Validity)));
            var wrongPassword = Assert.Throws<ArgumentException>(() => ClusterCredentials.FromFiles(pfx, "wrong", pem));
            Assert.StartsWith($"cannot read certificate file '{pfx}'", wrongPassword.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ClusterCredentials Member(string name, X509Certificate2 issuer, X509Certificate2? trusting = null) =>
        new(ClusterCertificates.IssueMember(issuer, name, Validity), [trusting ?? issuer]);

    /// <summary>Connects a client with <paramref name="credentials"/> (none: plain TCP) and asks worker 0 for its state: "epoch N" or "refused".</summary>
    private static async Task<string> ConnectAsync(LocalCluster cluster, ClusterCredentials? credentials)
    {
        using var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ClusterId, cluster.ClusterId);
                if (credentials is not null)
                {
                    client.AddClusterTls(credentials);
                }
            })
            .Build();
        using var cancel = new CancellationTokenSource(JoinTimeout);
        try
        {
            await host.StartAsync(cancel.Token);
            var state = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IScoreWorker>(0, "client").State().WaitAsync(cancel.Token);
            return $"epoch {state.Epoch}";
        }
        catch (Exception e) when (e is OperationCanceledException or OrleansException or TimeoutException)
        {
            return "refused";
        }
        finally
        {
            await host.StopAsync(new CancellationToken(canceled: true)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
