namespace Eggroll.IO;

/// <summary>
/// The validated header of a safetensors file: every tensor's name, dtype, shape and offsets (in the order
/// the header lists them), the string metadata, and where the data section starts in the file.
/// </summary>
public sealed class SafeTensorsHeader
{
    private readonly Dictionary<string, SafeTensorsEntry> byName;

    internal SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> tensors, IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Tensors = tensors;
        Metadata = metadata;
        DataStart = dataStart;
        byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<SafeTensorsEntry> Tensors { get; }

    /// <summary>The <c>__metadata__</c> map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Byte position in the file where the data section (and offset 0 of every entry) starts.</summary>
    public long DataStart { get; }

    /// <summary>The tensor called <paramref name="name"/>, or null when the file has none.</summary>
    public SafeTensorsEntry? Find(string name) => byName.GetValueOrDefault(name);
}
