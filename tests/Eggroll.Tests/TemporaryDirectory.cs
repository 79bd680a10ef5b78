namespace Eggroll.Tests;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("eggroll-tests-").FullName;

    /// <summary>Creates and returns a new, empty directory inside this one.</summary>
    public string CreateSubdirectory() => Directory.CreateDirectory(Path.Combine(root, Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);
}
