using System.CommandLine;
using Eggroll.Distributed.Security;

namespace Eggroll.Cli.Cluster;

/// <summary>
/// The options that close a cluster to strangers with mutual TLS (<see cref="ClusterCredentials"/>): this process's
/// certificate (<c>--tls-certificate</c>, a PKCS#12 file, and <c>--tls-password-file</c>) and whom it trusts
/// (<c>--tls-authority</c>, the cluster's CA, and/or pinned <c>--tls-thumbprint</c>s). Every process of a cluster
/// must be given them, or none.
/// </summary>
internal sealed class ClusterTlsOptions
{
    /// <summary>Creates the options.</summary>
    public ClusterTlsOptions()
    {
        Certificate = new Option<string?>("--tls-certificate") { Description = "This process's certificate with its private key, a PKCS#12 file (.pfx; e.g. from eggroll cluster certificates): every connection becomes mutual TLS and peers without a trusted certificate are refused [default: none, no TLS]." };
        PasswordFile = new Option<string?>("--tls-password-file") { Description = "File whose first line is the password of --tls-certificate [default: none, an unprotected file]." };
        Authority = new Option<string?>("--tls-authority") { Description = "The cluster's certificate authority (PEM, may hold several, or DER): peers whose certificate it issued are accepted [default: none]." };
        Thumbprints = new Option<string[]>("--tls-thumbprint") { Description = "SHA-256 thumbprint (64 hex digits) of a peer certificate to accept, e.g. one self-signed certificate shared by every process (repeatable) [default: none].", AllowMultipleArgumentsPerToken = false };
    }

    /// <summary><c>--tls-certificate</c>.</summary>
    public Option<string?> Certificate { get; }

    /// <summary><c>--tls-password-file</c>.</summary>
    public Option<string?> PasswordFile { get; }

    /// <summary><c>--tls-authority</c>.</summary>
    public Option<string?> Authority { get; }

    /// <summary><c>--tls-thumbprint</c>.</summary>
    public Option<string[]> Thumbprints { get; }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Certificate);
        command.Options.Add(PasswordFile);
        command.Options.Add(Authority);
        command.Options.Add(Thumbprints);
    }

    /// <summary>The credentials the options give, or null when no TLS option is given; read before anything starts.</summary>
    /// <exception cref="ConfigException">An option is missing its partner, a file cannot be read, the password is wrong or a thumbprint is malformed; names the option.</exception>
    public ClusterCredentials? CredentialsOf(ParseResult parse)
    {
        string? certificateFile = parse.GetValue(Certificate), passwordFile = parse.GetValue(PasswordFile), authorityFile = parse.GetValue(Authority);
        string[] thumbprints = parse.GetValue(Thumbprints) ?? [];
        if (certificateFile is null)
        {
            var stray = new Option[] { PasswordFile, Authority, Thumbprints }.FirstOrDefault(o => parse.GetResult(o) is not null);
            return stray is null ? null : throw new ConfigException(stray.Name, $"needs {Certificate.Name}: this process's own certificate, which it presents to its peers.");
        }

        if (authorityFile is null && thumbprints.Length == 0)
        {
            throw new ConfigException(Certificate.Name, $"needs {Authority.Name} or {Thumbprints.Name}: whom this process trusts (the cluster's authority or its members' thumbprints).");
        }

        string? password = passwordFile is null ? null : ReadPassword(passwordFile);
        var certificate = Read(Certificate, () => ClusterCredentials.LoadCertificate(certificateFile, password));
        var authorities = authorityFile is null ? [] : Read(Authority, () => ClusterCredentials.LoadAuthorities(authorityFile));
        return Read(Thumbprints, () => new ClusterCredentials(certificate, authorities, thumbprints));
    }

    private string ReadPassword(string file)
    {
        try
        {
            return File.ReadLines(file).FirstOrDefault() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(PasswordFile.Name, $"cannot read {Echo.Of(file)}: {e.Message}");
        }
    }

    /// <summary>Runs <paramref name="load"/>, turning the library's argument errors into one naming <paramref name="option"/>.</summary>
    private static T Read<T>(Option option, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (ArgumentException e)
        {
            string suffix = $" (Parameter '{e.ParamName}')";
            throw new ConfigException(option.Name, e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message);
        }
    }
}
