using System.Reflection;

namespace Eggroll.Tests.Packaging;

/// <summary>
/// The solution packed once, with <c>dotnet pack --no-build</c> in the configuration these tests were built with,
/// into a temporary folder that is deleted afterwards (the repository only gets the ignored bin/obj files the
/// pack step writes).
/// </summary>
public sealed class PackedPackages : IDisposable
{
    /// <summary>The package version the projects declare.</summary>
    public const string Version = "0.1.0";

    private readonly TemporaryDirectory temporary = new();

    /// <summary>Packs the solution.</summary>
    public PackedPackages()
    {
        RepositoryRoot = FindRepositoryRoot();
        PackageFolder = temporary.CreateSubdirectory();
        WorkFolder = temporary.CreateSubdirectory();
        string configuration = typeof(PackedPackages).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var (exitCode, output) = DotnetCommand.Run(
            DotnetCommand.HostPath,
            ["pack", Path.Combine(RepositoryRoot, "Eggroll.sln"), "-c", configuration, "--no-build", "-o", PackageFolder],
            RepositoryRoot,
            new Dictionary<string, string?>(),
            TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"dotnet pack failed ({exitCode}):\n{output}");
    }

    /// <summary>The folder holding Eggroll.sln and README.md.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The folder the .nupkg files were written to.</summary>
    public string PackageFolder { get; }

    /// <summary>An empty scratch folder for the tests' own files.</summary>
    public string WorkFolder { get; }

    /// <summary>The path of package <paramref name="id"/> at <see cref="Version"/>.</summary>
    public string PackagePath(string id) => Path.Combine(PackageFolder, $"{id}.{Version}.nupkg");

    public void Dispose() => temporary.Dispose();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Eggroll.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Eggroll.sln above {AppContext.BaseDirectory}");
    }
}
