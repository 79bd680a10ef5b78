using System.IO.Compression;
using System.Text;

namespace Eggroll.IO.Torch;

/// <summary>
/// The zip archive torch.save writes (since torch 1.6): every entry under one root folder, the pickle in
/// <c>&lt;root&gt;/data.pkl</c>, each storage's little-endian bytes in <c>&lt;root&gt;/data/&lt;key&gt;</c>, and an optional
/// <c>&lt;root&gt;/byteorder</c>. Entry names are checked before anything is read: none may leave the root.
/// </summary>
internal sealed class TorchArchive : IDisposable
{
    private readonly ZipArchive zip;
    private readonly Dictionary<string, ZipArchiveEntry> entries;
    private readonly string root;

    private TorchArchive(string path, ZipArchive zip, Dictionary<string, ZipArchiveEntry> entries, string root)
    {
        Path = path;
        this.zip = zip;
        this.entries = entries;
        this.root = root;
    }

    /// <summary>The archive's path.</summary>
    public string Path { get; }

    /// <summary>Opens <paramref name="path"/> and checks its entry names and byte order.</summary>
    /// <exception cref="InvalidDataException">The file is not a zip archive, an entry name leaves the root or repeats, data.pkl is missing, or the data is big-endian.</exception>
    public static TorchArchive Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        ZipArchive? zip = null;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read);
            _ = zip.Entries; // the central directory is read here, not in the constructor
        }
        catch (InvalidDataException e)
        {
            zip?.Dispose();
            stream.Dispose();
            throw new InvalidDataException($"{path}: not a readable zip archive ({e.Message}); torch.save has written zip archives since torch 1.6, older files must be re-saved.", e);
        }

        try
        {
            var archive = new TorchArchive(path, zip, Index(path, zip, out string root), root);
            archive.CheckByteOrder();
            return archive;
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of <c>data.pkl</c>.</summary>
    /// <exception cref="InvalidDataException">The entry is truncated or corrupt.</exception>
    public byte[] ReadPickle() => ReadEntry(Entry("data.pkl", "the pickle"), null);

    /// <summary>The name <c>data.pkl</c> has in this archive, for messages.</summary>
    public string PickleName => root + "data.pkl";

    /// <summary>The bytes of <paramref name="storage"/>.</summary>
    /// <exception cref="InvalidDataException">Its entry is missing, shorter than the storage, truncated or corrupt.</exception>
    public byte[] ReadStorage(TorchStorage storage)
    {
        var entry = Entry("data/" + storage.Key, $"storage '{storage.Key}'");
        long? needed = storage.ByteCount;
        if (needed is null || needed > entry.Length)
        {
            throw Invalid($"storage '{storage.Key}' holds {storage.ElementCount} {storage.DType} elements ({needed?.ToString() ?? "too many"} bytes) but entry '{entry.FullName}' has {entry.Length} bytes.");
        }

        return ReadEntry(entry, needed.Value);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => zip.Dispose();

    private static Dictionary<string, ZipArchiveEntry> Index(string path, ZipArchive zip, out string root)
    {
        if (zip.Entries.Count == 0)
        {
            throw new InvalidDataException($"{path}: the zip archive is empty; a torch checkpoint holds <root>/data.pkl.");
        }

        string first = zip.Entries[0].FullName;
        int slash = first.IndexOf('/', StringComparison.Ordinal);
        root = slash > 0 ? first[..(slash + 1)] : throw new InvalidDataException($"{path}: entry '{first}' is not inside a root folder, as torch.save writes every entry.");
        var index = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            string name = entry.FullName;
            if (!IsInside(name, root))
            {
                throw new InvalidDataException($"{path}: entry '{name}' lies outside the archive root '{root}' (absolute, '..', backslash or another root).");
            }

            if (!index.TryAdd(name[root.Length..], entry))
            {
                throw new InvalidDataException($"{path}: entry '{name}' appears twice.");
            }
        }

        return index;
    }

    private static bool IsInside(string name, string root) =>
        name.StartsWith(root, StringComparison.Ordinal)
        && !name.Contains('\\', StringComparison.Ordinal)
        && !name.Contains(':', StringComparison.Ordinal)
        && name.Split('/').All(part => part is not (".." or "."));

    private void CheckByteOrder()
    {
        if (!entries.TryGetValue("byteorder", out var entry))
        {
            return;
        }

        string order = Encoding.ASCII.GetString(ReadEntry(entry, null)).Trim();
        if (order != "little")
        {
            throw Invalid($"entry '{entry.FullName}' says the data is '{order}'-endian; only little-endian checkpoints are read.");
        }
    }

    private ZipArchiveEntry Entry(string name, string what) =>
        entries.TryGetValue(name, out var entry) ? entry : throw Invalid($"{what} should be in entry '{root}{name}', which is missing.");

    /// <summary>Reads the first <paramref name="count"/> bytes of <paramref name="entry"/>, or all of it when null.</summary>
    private byte[] ReadEntry(ZipArchiveEntry entry, long? count)
    {
        long length = count ?? entry.Length;
        if (length > Array.MaxLength)
        {
            throw Invalid($"entry '{entry.FullName}' has {length} bytes, more than one .NET array holds ({Array.MaxLength}).");
        }

        var bytes = new byte[length];
        try
        {
            using var stream = entry.Open();
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Invalid($"entry '{entry.FullName}' cannot be read whole ({e.Message}); the file is truncated or corrupt.");
        }

        return bytes;
    }

    private InvalidDataException Invalid(string problem) => new($"{Path}: {problem}");
}
