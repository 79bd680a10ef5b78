using System.CommandLine;
using System.Security.Cryptography;
using Eggroll.Distributed.Security;

namespace Eggroll.Cli.Cluster;

/// <summary>
/// <c>eggroll cluster certificates</c>: a private authority and member certificates for a development or test cluster
/// (<see cref="ClusterCertificates"/>), written as the files the <c>--tls-*</c> options of the cluster verbs read.
/// </summary>
internal static class ClusterCertificatesCommand
{
    /// <summary>The file every process trusts.</summary>
    public const string AuthorityFile = "cluster-ca.pem";

    /// <summary>The file holding the password of every member certificate.</summary>
    public const string PasswordFile = "password";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Directory to write the certificates to (created; files already there are not overwritten).", Required = true };
        var members = new Option<string>("--members") { Description = "Comma-separated names of the member certificates, one NAME.pfx each (processes may share one).", DefaultValueFactory = _ => "coordinator,worker" };
        var days = new Option<int>("--days") { Description = "Days the certificates stay valid.", DefaultValueFactory = _ => 30 };
        var command = new Command("certificates", $"Create a development cluster's private authority ({AuthorityFile}, without its key) and member certificates (NAME.pfx, protected by the password in '{PasswordFile}') for the --tls-* options.");
        command.Options.Add(output);
        command.Options.Add(members);
        command.Options.Add(days);
        command.SetAction(parse =>
        {
            string directory = parse.GetValue(output)!;
            int validDays = parse.GetValue(days);
            if (validDays is < 1 or > 3650)
            {
                throw new ConfigException(days.Name, $"{validDays} is not a number of days in [1, 3650].");
            }

            string[] names = parse.GetValue(members)!.Split(',', StringSplitOptions.TrimEntries);
            if (names.Any(n => n.Length == 0 || n.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || n.StartsWith('.')) || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            {
                throw new ConfigException(members.Name, $"expects distinct names usable as file names separated by commas, got {Echo.Of(parse.GetValue(members)!)}.");
            }

            string[] files = [AuthorityFile, PasswordFile, .. names.Select(n => n + ".pfx")];
            if (files.FirstOrDefault(f => File.Exists(Path.Combine(directory, f))) is { } existing)
            {
                throw new ConfigException(output.Name, $"{Path.Combine(directory, existing)} already exists; choose another directory.");
            }

            Write(directory, names, TimeSpan.FromDays(validDays));
            Console.WriteLine($"wrote {string.Join(", ", files)} to {directory}; give each process --tls-certificate {Path.Combine(directory, names[0] + ".pfx")} (or another member's) --tls-password-file {Path.Combine(directory, PasswordFile)} --tls-authority {Path.Combine(directory, AuthorityFile)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(string directory, string[] names, TimeSpan validity)
    {
        Directory.CreateDirectory(directory);
        using var authority = ClusterCertificates.CreateAuthority("eggroll cluster " + Path.GetFileName(Path.GetFullPath(directory)), validity);
        string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        WritePrivate(Path.Combine(directory, PasswordFile), path => File.WriteAllText(path, password + "\n"));
        foreach (string name in names)
        {
            using var member = ClusterCertificates.IssueMember(authority, name, validity);
            WritePrivate(Path.Combine(directory, name + ".pfx"), path => ClusterCertificates.ExportPfx(member, path, password));
        }

        ClusterCertificates.ExportPem(authority, Path.Combine(directory, AuthorityFile));
    }

    /// <summary>Creates <paramref name="path"/> readable by its owner only (where the file system has Unix modes), then writes it.</summary>
    private static void WritePrivate(string path, Action<string> write)
    {
        using (File.Create(path))
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        write(path);
    }
}
