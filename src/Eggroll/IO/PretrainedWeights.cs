using Eggroll.IO.Torch;

namespace Eggroll.IO;

/// <summary>Reads a pretrained checkpoint in either format pretrained models ship in: safetensors, or a PyTorch state dict (<c>.pth</c>/<c>.pt</c>).</summary>
public static class PretrainedWeights
{
    private static readonly byte[] ZipSignature = "PK\u0003\u0004"u8.ToArray();

    /// <summary>
    /// Reads every tensor of the checkpoint at <paramref name="path"/>, choosing the reader by content: a zip archive is a
    /// torch checkpoint (<see cref="StateDictFile"/>), anything else is read as safetensors (<see cref="SafeTensors.ReadRaw"/>)
    /// unless its extension says torch (<c>.pth</c>, <c>.pt</c>), which is then an error.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed for its format; the message names the file and the problem.</exception>
    public static Dictionary<string, RawTensor> Read(string path)
    {
        Span<byte> start = stackalloc byte[ZipSignature.Length];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }

        if (start[..read].SequenceEqual(ZipSignature))
        {
            return StateDictFile.Read(path);
        }

        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".pth" or ".pt")
        {
            throw new InvalidDataException($"{path}: a {extension} file but not a zip archive: only checkpoints written by torch.save since torch 1.6 are read (load and re-save older ones).");
        }

        return SafeTensors.ReadRaw(path);
    }
}
