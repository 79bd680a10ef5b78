using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eggroll.Distributed.Security;

/// <summary>
/// Creates certificates for a development or test cluster: a private authority and the member certificates it
/// issues (ECDSA P-256, usable for TLS client and server authentication). For production, issue the certificates
/// from your own PKI and load them with <see cref="ClusterCredentials.FromFiles"/> or <see cref="ClusterCredentials.FromStore"/>.
/// </summary>
public static class ClusterCertificates
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>A self-signed authority "CN=<paramref name="name"/>" valid for <paramref name="validity"/>, with its private key.</summary>
    public static X509Certificate2 CreateAuthority(string name, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(DistinguishedName(name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return Portable(request.CreateSelfSigned(now.AddMinutes(-5), now.Add(validity)));
    }

    /// <summary>A member certificate "CN=<paramref name="name"/>" issued by <paramref name="authority"/> (which must hold its private key), with its own private key.</summary>
    public static X509Certificate2 IssueMember(X509Certificate2 authority, string name, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(authority);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(DistinguishedName(name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now.Add(validity) < authority.NotAfter ? now.Add(validity) : new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        using var issued = request.Create(authority, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        return Portable(issued.CopyWithPrivateKey(key));
    }

    /// <summary>Writes <paramref name="certificate"/> with its private key to a PKCS#12 file protected by <paramref name="password"/>.</summary>
    public static void ExportPfx(X509Certificate2 certificate, string file, string password)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        File.WriteAllBytes(file, certificate.Export(X509ContentType.Pfx, password));
    }

    /// <summary>Writes the public part of <paramref name="certificate"/> (what peers trust) to a PEM file.</summary>
    public static void ExportPem(X509Certificate2 certificate, string file)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        File.WriteAllText(file, certificate.ExportCertificatePem() + "\n");
    }

    private static X500DistinguishedName DistinguishedName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(name);
        return builder.Build();
    }

    /// <summary>Re-imports the certificate from PKCS#12 so that its private key is usable by TLS on every platform (ephemeral keys are not on Windows).</summary>
    private static X509Certificate2 Portable(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
