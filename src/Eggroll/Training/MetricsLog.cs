using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;

namespace Eggroll.Training;

/// <summary>
/// A run's <c>metrics.jsonl</c>: one JSON record per epoch, 1-based <c>epoch</c> first, flushed as each line is
/// written. Opening it for a job at epoch e first drops every line of an epoch after e and every line that is not
/// a whole record (left by a crash after the last checkpoint), so each epoch appears exactly once; temporary
/// files of an interrupted trim are removed.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    private readonly StreamWriter writer;

    private MetricsLog(string path)
    {
        writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { NewLine = "\n" };
    }

    /// <summary>Opens <paramref name="path"/> for appending the epochs after <paramref name="epoch"/>, trimming what lies beyond it.</summary>
    public static MetricsLog Open(string path, long epoch)
    {
        TrimAfter(path, epoch);
        return new MetricsLog(path);
    }

    /// <summary>Appends one record and flushes it to the operating system.</summary>
    public void Append(JsonObject record)
    {
        writer.WriteLine(record.ToJsonString(JsonDefaults.Compact));
        writer.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => writer.Dispose();

    /// <summary>Keeps only the whole records of epochs 1..<paramref name="epoch"/> in <paramref name="path"/> (if it exists).</summary>
    public static void TrimAfter(string path, long epoch)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (string stale in Directory.EnumerateFiles(folder, Path.GetFileName(path) + ".tmp-*").ToList())
        {
            File.Delete(stale);
        }

        if (!File.Exists(path))
        {
            return;
        }

        var lines = File.ReadAllLines(path);
        var kept = lines.Where(line => EpochOf(line) is { } e && e <= epoch).ToList();
        if (kept.Count == lines.Length)
        {
            return;
        }

        AtomicFile.Write(path, stream =>
        {
            using var output = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
            foreach (string line in kept)
            {
                output.WriteLine(line);
            }
        });
    }

    private static long? EpochOf(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("epoch", out var e) && e.TryGetInt64(out long value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
