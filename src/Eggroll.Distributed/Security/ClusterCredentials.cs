using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eggroll.Distributed.Security;

/// <summary>
/// What a silo or client of a closed cluster proves and accepts: its own certificate (with private key), which it
/// presents on every connection, and the peers it trusts: certificates issued by one of <see cref="Authorities"/>
/// (a private CA; the system's trust store is not consulted) or whose SHA-256 thumbprint is in <see cref="Thumbprints"/>
/// (pinning, e.g. one self-signed certificate shared by every node). A connection succeeds only when both ends accept
/// each other's certificate (mutual TLS).
/// </summary>
public sealed class ClusterCredentials
{
    /// <summary>Creates credentials from this node's certificate and the authorities and thumbprints it accepts; at least one of the two must be given.</summary>
    public ClusterCredentials(X509Certificate2 certificate, IEnumerable<X509Certificate2>? authorities = null, IEnumerable<string>? thumbprints = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"the certificate '{certificate.Subject}' has no private key, so it cannot prove this node's identity.", nameof(certificate));
        }

        Certificate = certificate;
        Authorities = [.. authorities ?? []];
        Thumbprints = (thumbprints ?? []).Select(NormaliseThumbprint).ToHashSet(StringComparer.Ordinal);
        if (Authorities.Count == 0 && Thumbprints.Count == 0)
        {
            throw new ArgumentException("give the certificate authorities or the certificate thumbprints this node trusts; trusting nobody would refuse every peer.", nameof(authorities));
        }
    }

    /// <summary>This node's certificate, presented to every peer.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Peers whose certificate chains to one of these are accepted.</summary>
    public IReadOnlyList<X509Certificate2> Authorities { get; }

    /// <summary>Peers whose certificate has one of these SHA-256 thumbprints (hex, upper case) are accepted.</summary>
    public IReadOnlySet<string> Thumbprints { get; }

    /// <summary>
    /// Loads this node's certificate from a PKCS#12 (.pfx) file and trusts the authorities in <paramref name="authorityFile"/>
    /// (PEM or DER, may hold several) and the given thumbprints.
    /// </summary>
    /// <exception cref="ArgumentException">A file cannot be read, or the password does not open the certificate; names the file.</exception>
    public static ClusterCredentials FromFiles(string certificateFile, string? password, string? authorityFile = null, IEnumerable<string>? thumbprints = null)
    {
        var certificate = LoadCertificate(certificateFile, password);
        var authorities = authorityFile is null ? [] : LoadAuthorities(authorityFile);
        return new ClusterCredentials(certificate, authorities, thumbprints);
    }

    /// <summary>This node's certificate with its private key from a PKCS#12 (.pfx) file opened with <paramref name="password"/>.</summary>
    /// <exception cref="ArgumentException">The file cannot be read, or the password does not open it; names the file.</exception>
    public static X509Certificate2 LoadCertificate(string file, string? password) =>
        Load(file, () => X509CertificateLoader.LoadPkcs12FromFile(file, password));

    /// <summary>The certificates in <paramref name="file"/> (PEM, may hold several, or one DER certificate), e.g. the cluster's authority.</summary>
    /// <exception cref="ArgumentException">The file cannot be read or holds no certificate; names the file.</exception>
    public static X509Certificate2Collection LoadAuthorities(string file) => Load(file, () =>
    {
        var collection = new X509Certificate2Collection();
        if (File.ReadAllText(file).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            collection.ImportFromPemFile(file);
        }
        else
        {
            collection.Add(X509CertificateLoader.LoadCertificateFromFile(file));
        }

        return collection;
    });

    /// <summary>Takes this node's certificate (with private key) from a certificate store by its SHA-1 thumbprint, as Windows and the store tools show it.</summary>
    public static ClusterCredentials FromStore(StoreName storeName, StoreLocation location, string sha1Thumbprint, IEnumerable<X509Certificate2>? authorities = null, IEnumerable<string>? thumbprints = null)
    {
        using var store = new X509Store(storeName, location);
        store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        var found = store.Certificates.Find(X509FindType.FindByThumbprint, sha1Thumbprint, validOnly: false);
        if (found.Count == 0)
        {
            throw new ArgumentException($"no certificate with thumbprint {sha1Thumbprint} in store {location}/{storeName}.", nameof(sha1Thumbprint));
        }

        return new ClusterCredentials(found[0], authorities, thumbprints);
    }

    /// <summary>The SHA-256 thumbprint of <paramref name="certificate"/>, the form <see cref="Thumbprints"/> holds.</summary>
    public static string ThumbprintOf(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    /// <summary>
    /// Whether <paramref name="peer"/> belongs to the cluster: its thumbprint is pinned, or it is valid now and chains to
    /// one of the <see cref="Authorities"/>. Host names are not checked: peers are addressed by IP.
    /// </summary>
    public bool Accepts(X509Certificate2? peer)
    {
        if (peer is null)
        {
            return false;
        }

        if (Thumbprints.Contains(ThumbprintOf(peer)))
        {
            return true;
        }

        if (Authorities.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(peer);
    }

    private static string NormaliseThumbprint(string thumbprint)
    {
        string hex = thumbprint.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"thumbprint '{thumbprint}' is not a SHA-256 thumbprint (64 hex digits).", nameof(thumbprint));
        }

        return hex;
    }

    private static T Load<T>(string file, Func<T> load)
    {
        if (!File.Exists(file))
        {
            throw new ArgumentException($"certificate file '{file}' does not exist.", nameof(file));
        }

        try
        {
            return load();
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot read certificate file '{file}': {e.Message}", nameof(file), e);
        }
    }
}
