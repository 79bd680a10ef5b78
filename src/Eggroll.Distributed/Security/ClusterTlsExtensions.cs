using Orleans.Connections.Security;
using Orleans.Hosting;

namespace Eggroll.Distributed.Security;

/// <summary>Closes a cluster to strangers: every silo-to-silo and client-to-gateway connection is mutual TLS with <see cref="ClusterCredentials"/>.</summary>
public static class ClusterTlsExtensions
{
    /// <summary>Makes the silo present <paramref name="credentials"/>' certificate and accept only peers and clients the credentials accept.</summary>
    public static ISiloBuilder AddClusterTls(this ISiloBuilder silo, ClusterCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(credentials);
        return silo.UseTls(credentials.Certificate, options => Configure(options, credentials));
    }

    /// <summary>Makes the client present <paramref name="credentials"/>' certificate and talk only to gateways the credentials accept.</summary>
    public static IClientBuilder AddClusterTls(this IClientBuilder client, ClusterCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(credentials);
        return client.UseTls(credentials.Certificate, options => Configure(options, credentials));
    }

    private static void Configure(TlsOptions options, ClusterCredentials credentials)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, _) => credentials.Accepts(certificate);
    }
}
