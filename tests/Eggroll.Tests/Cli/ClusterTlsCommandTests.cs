using Eggroll.Distributed.Security;

namespace Eggroll.Tests.Cli;

/// <summary>
/// <c>eggroll cluster certificates</c> writes a development cluster's authority and member certificates that the
/// <c>--tls-*</c> options read; a missing, unreadable or wrongly protected file, or a half-given set of TLS options, is
/// one error line naming the option, before anything starts.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class ClusterTlsCommandTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public ClusterTlsCommandTests(TemporaryDirectory temporary)
    {
        directory = temporary.CreateSubdirectory();
    }

    [Fact]
    public void CertificatesAreIssuedByOneAuthorityAndOpenWithTheWrittenPassword()
    {
        string certificates = Path.Combine(directory, "issued");

        var run = CapturedRun.Of(["cluster", "certificates", "--out", certificates, "--members", "coordinator,worker-1"]);

        Assert.True(run.ExitCode == 0, run.Error);
        string password = File.ReadAllText(Path.Combine(certificates, "password")).Trim();
        string authority = Path.Combine(certificates, "cluster-ca.pem");
        var coordinator = ClusterCredentials.FromFiles(Path.Combine(certificates, "coordinator.pfx"), password, authority);
        var worker = ClusterCredentials.FromFiles(Path.Combine(certificates, "worker-1.pfx"), password, authority);
        Assert.True(coordinator.Accepts(worker.Certificate) && worker.Accepts(coordinator.Certificate));
        Assert.Equal("CN=worker-1", worker.Certificate.Subject);
        Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(authority), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(certificates, "worker-1.pfx")));
        }

        var again = CapturedRun.Of(["cluster", "certificates", "--out", certificates]);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal($"error: --out: {Path.Combine(certificates, "cluster-ca.pem")} already exists; choose another directory.", again.ErrorLine);
    }

    [Theory]
    [InlineData("coordinator")]
    [InlineData("worker")]
    public void EveryTlsMistakeIsOneLineNamingTheOption(string role)
    {
        string certificates = Path.Combine(directory, "mistakes-" + role);
        Assert.Equal(0, CapturedRun.Of(["cluster", "certificates", "--out", certificates, "--members", "node"]).ExitCode);
        string pfx = Path.Combine(certificates, "node.pfx"), authority = Path.Combine(certificates, "cluster-ca.pem"), password = Path.Combine(certificates, "password");
        string wrong = Path.Combine(certificates, "wrong-password");
        File.WriteAllText(wrong, "not the password\n");
        string missing = Path.Combine(certificates, "missing.pfx");

        (string[] Options, string Error)[] cases =
        [
            (["--tls-certificate", missing, "--tls-authority", authority], $"error: --tls-certificate: certificate file '{missing}' does not exist."),
            (["--tls-certificate", pfx, "--tls-authority", authority], $"error: --tls-certificate: cannot read certificate file '{pfx}': "),
            (["--tls-certificate", pfx, "--tls-password-file", wrong, "--tls-authority", authority], $"error: --tls-certificate: cannot read certificate file '{pfx}': "),
            (["--tls-certificate", pfx, "--tls-password-file", Path.Combine(certificates, "none"), "--tls-authority", authority], "error: --tls-password-file: cannot read "),
            (["--tls-certificate", pfx, "--tls-password-file", password, "--tls-authority", password], $"error: --tls-authority: cannot read certificate file '{password}': "),
            (["--tls-certificate", pfx, "--tls-password-file", password, "--tls-thumbprint", "abc"], "error: --tls-thumbprint: thumbprint 'abc' is not a SHA-256 thumbprint (64 hex digits)."),
            (["--tls-certificate", pfx, "--tls-password-file", password], "error: --tls-certificate: needs --tls-authority or --tls-thumbprint: whom this process trusts"),
            (["--tls-authority", authority], "error: --tls-authority: needs --tls-certificate: this process's own certificate"),
        ];
        foreach (var (options, error) in cases)
        {
            var run = CapturedRun.Of(["cluster", role, "--listen", "127.0.0.1:0", "--join-timeout", "1", .. options]);

            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith(error, run.ErrorLine, StringComparison.Ordinal);
        }
    }
}
