using Eggroll.IO;

namespace Eggroll.Training;

/// <summary>
/// The write order every checkpoint kind follows, so that a crash at any point leaves the previous
/// checkpoint intact: the tensors go to a new file <c>tensors-&lt;epoch&gt;.safetensors</c>, then
/// <c>state.json</c>, which names that file and its SHA-256, replaces the old state atomically, and
/// only then are older tensor files removed. Temporary files that a killed process left behind
/// (<c>*.tmp-*</c>, see <see cref="AtomicFile"/>) are removed before each save.
/// </summary>
internal static class CheckpointFiles
{
    /// <summary>Name of the state file inside a checkpoint directory.</summary>
    public const string StateFileName = "state.json";

    /// <summary>
    /// Writes a checkpoint of epoch <paramref name="epoch"/> into <paramref name="directory"/> (created if needed):
    /// <paramref name="writeTensors"/> fills the tensors file, then <paramref name="writeState"/>, given the
    /// tensors file's name and SHA-256, returns the writer of <c>state.json</c>.
    /// </summary>
    public static void Save(string directory, long epoch, Action<Stream> writeTensors, Func<string, string, Action<Stream>> writeState)
    {
        Directory.CreateDirectory(directory);
        RemoveTemporaryFiles(directory);
        string tensorsFile = $"tensors-{epoch:D8}.safetensors";
        string tensorsPath = Path.Combine(directory, tensorsFile);
        AtomicFile.Write(tensorsPath, writeTensors);
        AtomicFile.Write(Path.Combine(directory, StateFileName), writeState(tensorsFile, FileHash.Sha256(tensorsPath)));
        foreach (string file in Directory.EnumerateFiles(directory, "tensors-*.safetensors").ToList())
        {
            if (Path.GetFileName(file) != tensorsFile)
            {
                File.Delete(file);
            }
        }
    }

    private static void RemoveTemporaryFiles(string directory)
    {
        foreach (string file in Directory.EnumerateFiles(directory, "*.tmp-*").ToList())
        {
            File.Delete(file);
        }
    }
}
