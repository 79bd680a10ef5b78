using System.IO.Compression;
using System.Xml.Linq;

namespace Eggroll.Tests.Packaging;

/// <summary>
/// <c>dotnet pack</c> of the library and the CLI, checked by reading the packages, and the CLI package installed
/// as a .NET tool the way the README says and run.
/// </summary>
public sealed class PackTests(PackedPackages packages) : IClassFixture<PackedPackages>
{
    [Fact]
    public void LibraryPackageHoldsTheAssemblyItsXmlDocsAndTheReadme()
    {
        using var package = ZipFile.OpenRead(packages.PackagePath("Eggroll"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("lib/net10.0/Eggroll.dll", entries);
        Assert.Contains("lib/net10.0/Eggroll.xml", entries);
        Assert.Equal(File.ReadAllBytes(Path.Combine(packages.RepositoryRoot, "README.md")), ReadAllBytes(package, "README.md"));
        var docs = ReadXml(package, "lib/net10.0/Eggroll.xml").Root!;
        Assert.Equal("Eggroll", docs.Element("assembly")?.Element("name")?.Value);
        Assert.True(docs.Descendants("member").Count() > 100, "the XML documentation file is nearly empty");
    }

    [Fact]
    public void LibraryNuspecDeclaresMitTheReadmeAndOnlySystemNumericsTensors()
    {
        using var package = ZipFile.OpenRead(packages.PackagePath("Eggroll"));
        var metadata = NuspecMetadata(package, "Eggroll.nuspec");

        Assert.Equal("Eggroll", Value(metadata, "id"));
        Assert.Equal(PackedPackages.Version, Value(metadata, "version"));
        var license = Element(metadata, "license");
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.Equal("https://github.com/eggroll-net/eggroll.net", Value(metadata, "projectUrl"));
        var dependencies = metadata.Descendants(metadata.Name.Namespace + "dependency").Select(d => (string?)d.Attribute("id"));
        Assert.Equal(["System.Numerics.Tensors"], dependencies);
    }

    [Fact]
    public void ToolPackageIsADotnetToolWhoseCommandIsEggroll()
    {
        using var package = ZipFile.OpenRead(packages.PackagePath("Eggroll.Cli"));
        var metadata = NuspecMetadata(package, "Eggroll.Cli.nuspec");

        Assert.Equal("MIT", Value(metadata, "license"));
        Assert.Equal("README.md", Value(metadata, "readme"));
        var packageTypes = metadata.Descendants(metadata.Name.Namespace + "packageType").Select(t => (string?)t.Attribute("name"));
        Assert.Equal(["DotnetTool"], packageTypes);

        var settings = ReadXml(package, "tools/net10.0/any/DotnetToolSettings.xml");
        var command = Assert.Single(settings.Descendants("Command"));
        Assert.Equal("eggroll", (string?)command.Attribute("Name"));
        Assert.Equal("Eggroll.Cli.dll", (string?)command.Attribute("EntryPoint"));
        Assert.NotNull(package.GetEntry("tools/net10.0/any/Eggroll.Cli.dll"));
        Assert.NotNull(package.GetEntry("tools/net10.0/any/Eggroll.dll"));
        Assert.NotNull(package.GetEntry("tools/net10.0/any/Eggroll.Mujoco.dll"));
    }

    [Fact]
    public void InstalledToolAnswersHelp()
    {
        string toolPath = Path.Combine(packages.WorkFolder, "tools");
        string config = Path.Combine(packages.WorkFolder, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{packages.PackageFolder}" />
              </packageSources>
            </configuration>
            """);
        // A private package cache: the user's cache is left alone and can never supply a stale 0.1.0.
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(packages.WorkFolder, "nuget-cache") };

        var (installExit, installOutput) = DotnetCommand.Run(
            DotnetCommand.HostPath,
            ["tool", "install", "--tool-path", toolPath, "--configfile", config, "Eggroll.Cli", "--version", PackedPackages.Version],
            packages.WorkFolder, environment, TimeSpan.FromMinutes(2));
        Assert.True(installExit == 0, $"dotnet tool install failed ({installExit}):\n{installOutput}");

        var (helpExit, help) = DotnetCommand.Run(
            Path.Combine(toolPath, OperatingSystem.IsWindows() ? "eggroll.exe" : "eggroll"), ["--help"],
            packages.WorkFolder, environment, TimeSpan.FromMinutes(1));
        Assert.True(helpExit == 0, $"eggroll --help exited with {helpExit}:\n{help}");
        Assert.Contains("train neural networks with low-rank evolution strategies (EGGROLL)", help);
        Assert.Contains("Commands:", help);
        Assert.Contains("experiment", help);
    }

    private static XElement NuspecMetadata(ZipArchive package, string nuspecName)
    {
        var root = ReadXml(package, nuspecName).Root!;
        return root.Element(root.Name.Namespace + "metadata")!;
    }

    private static XElement Element(XElement metadata, string name) =>
        metadata.Element(metadata.Name.Namespace + name) ?? throw new Xunit.Sdk.XunitException($"nuspec has no <{name}>");

    private static string Value(XElement metadata, string name) => Element(metadata, name).Value;

    private static XDocument ReadXml(ZipArchive package, string entryName) => XDocument.Load(new MemoryStream(ReadAllBytes(package, entryName)));

    private static byte[] ReadAllBytes(ZipArchive package, string entryName)
    {
        var entry = package.GetEntry(entryName) ?? throw new Xunit.Sdk.XunitException($"package has no {entryName}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
