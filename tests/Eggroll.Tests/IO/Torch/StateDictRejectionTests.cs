using System.Runtime.InteropServices;
using Eggroll.IO;
using Eggroll.IO.Torch;

namespace Eggroll.Tests.IO.Torch;

/// <summary>Hostile, malformed or unsupported torch checkpoints are refused with one message naming the file and the problem, and nothing in them runs.</summary>
public sealed class StateDictRejectionTests(TemporaryDirectory temporary) : IClassFixture<TemporaryDirectory>
{
    private static readonly TorchStorageSpec SixFloats = new(TensorDType.F32, MemoryMarshal.AsBytes([0f, 1f, 2f, 3f, 4f, 5f]).ToArray());

    private readonly string directory = temporary.CreateSubdirectory();

    [Theory]
    [InlineData("os", "system", 2)]
    [InlineData("os", "system", 4)]
    [InlineData("posix", "system", 2)]
    [InlineData("builtins", "eval", 2)]
    [InlineData("builtins", "exec", 4)]
    [InlineData("subprocess", "Popen", 2)]
    [InlineData("torch", "load", 2)]
    public void APickleThatCallsAnyOtherGlobalIsRefusedWithoutRunningIt(string module, string name, int protocol)
    {
        string marker = Path.Combine(directory, $"ran-{module}-{name}");
        var pickle = new PickleWriter(protocol).Global(module, name).Str($"touch {marker}").Op(0x85).Put().Op('R').Put();
        string path = Archive(pickle.ToArray());

        string message = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message;

        Assert.StartsWith($"{path}: archive/data.pkl, pickle byte ", message);
        Assert.Contains($"global {module}.{name} is not allowed", message);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void AForbiddenGlobalAfterValidTensorsIsStillRefused()
    {
        var pickle = new PickleWriter(2).Op('}').Put().Str("w");
        TorchCheckpoint.RebuildTensor(pickle, new("w", "0", 0, [6], [1]), SixFloats).Op('s');
        pickle.Str("evil").Global("builtins", "eval").Str("1").Op(0x85).Op('R').Op('s');
        string path = Archive(pickle.ToArray(), new() { ["0"] = SixFloats.Bytes });

        Assert.Contains("global builtins.eval is not allowed", Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'i', (byte)'o', (byte)'s', 10, (byte)'s', (byte)'y', (byte)'s', (byte)'t', (byte)'e', (byte)'m', 10 }, "opcode 0x69 ('i') is not supported")]
    [InlineData(new byte[] { (byte)')', (byte)')', 0x81 }, "opcode 0x81 is not supported")]
    [InlineData(new byte[] { (byte)'(', (byte)'o' }, "opcode 0x6F ('o') is not supported")]
    [InlineData(new byte[] { 0x82, 1 }, "opcode 0x82 is not supported")]
    [InlineData(new byte[] { (byte)'B', 1, 0, 0, 0, 0 }, "opcode 0x42 ('B') is not supported")]
    [InlineData(new byte[] { (byte)'X', 9, 0, 0, 0, (byte)'a' }, "the pickle ends early")]
    [InlineData(new byte[] { (byte)'K', 1, (byte)'K', 2 }, "STOP with 2 values")]
    [InlineData(new byte[] { (byte)'h', 3 }, "memo entry 3 is read before it is written")]
    [InlineData(new byte[] { (byte)'K', 1, (byte)'s' }, "the stack is empty")]
    [InlineData(new byte[] { (byte)'K', 1, (byte)'t' }, "needs a MARK but there is none")]
    [InlineData(new byte[] { (byte)'K', 1, (byte)')', (byte)'R' }, "REDUCE needs a global and a tuple, got int and tuple")]
    [InlineData(new byte[] { (byte)']', (byte)'K', 1, (byte)'K', 1, (byte)'s' }, "SETITEM on list, not a dict")]
    [InlineData(new byte[] { (byte)'K', 1, (byte)'}', (byte)'b' }, "BUILD of int with state dict is not supported")]
    [InlineData(new byte[] { 0x8A, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, "a 9-byte integer does not fit in 64 bits")]
    [InlineData(new byte[] { (byte)'K', 1, (byte)'Q' }, "a persistent id is not ('storage'")]
    [InlineData(new byte[] { (byte)'c', (byte)'o', (byte)'s' }, "the pickle ends inside a GLOBAL name")]
    public void AnOpcodeOutsideTheStateDictSubsetOrAMalformedPickleIsRefusedByName(byte[] body, string problem)
    {
        string path = Archive([0x80, 2, .. body, (byte)'.']);

        Assert.Contains(problem, Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 6, (byte)'N', (byte)'.' }, "pickle protocol 6 is newer than the highest known (5)")]
    [InlineData(new byte[] { 0x80, 2, (byte)'K', 1, (byte)'.' }, "holds a int, not a state dict")]
    [InlineData(new byte[] { 0x80, 2, (byte)'}', (byte)'X', 5, 0, 0, 0, (byte)'e', (byte)'p', (byte)'o', (byte)'c', (byte)'h', (byte)'K', 5, (byte)'s', (byte)'.' }, "state dict entry epoch is a int under a str key")]
    [InlineData(new byte[] { 0x80, 2, (byte)'}', (byte)')', (byte)'K', 1, (byte)'s', (byte)'.' }, "a dict key of type tuple is not supported")]
    public void APickleThatIsNotAFlatStateDictOfTensorsIsRefused(byte[] pickle, string problem)
    {
        string path = Archive(pickle);

        string message = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message;

        Assert.StartsWith(path, message);
        Assert.Contains(problem, message);
    }

    [Theory]
    [InlineData("archive/../evil")]
    [InlineData("archive/data/../../evil")]
    [InlineData("/etc/evil")]
    [InlineData("other/data.pkl")]
    [InlineData("archive\\..\\evil")]
    [InlineData("archive/C:/evil")]
    public void AnEntryWhoseNameLeavesTheArchiveRootIsRefused(string name)
    {
        string path = Path.Combine(directory, "escape.pth");
        TorchCheckpoint.WriteArchive(path, StateDict(new("w", "0", 0, [6], [1])), new Dictionary<string, byte[]> { ["0"] = SixFloats.Bytes }, extraEntries: [(name, [1, 2, 3])]);

        Assert.Equal($"{path}: entry '{name}' lies outside the archive root 'archive/' (absolute, '..', backslash or another root).", Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message);
    }

    [Fact]
    public void AnArchiveWhoseFirstEntryIsNotInARootFolderIsRefused()
    {
        string path = Path.Combine(directory, "flat.pth");
        TorchCheckpoint.WriteArchive(path, StateDict(new("w", "0", 0, [6], [1])), new Dictionary<string, byte[]> { ["0"] = SixFloats.Bytes }, root: "");

        Assert.Equal($"{path}: entry '/data.pkl' is not inside a root folder, as torch.save writes every entry.", Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message);
    }

    [Fact]
    public void AStorageLargerThanItsEntryIsRefused()
    {
        string path = Archive(StateDict(new("w", "0", 0, [6], [1])), new() { ["0"] = SixFloats.Bytes[..8] });

        Assert.Equal($"{path}: storage '0' holds 6 F32 elements (24 bytes) but entry 'archive/data/0' has 8 bytes.", Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message);
    }

    [Fact]
    public void AMissingStorageEntryIsRefused()
    {
        string path = Archive(StateDict(new("w", "0", 0, [6], [1])), []);

        Assert.Equal($"{path}: storage '0' should be in entry 'archive/data/0', which is missing.", Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message);
    }

    [Theory]
    [InlineData(4, new long[] { 3 }, new long[] { 1 }, "reaches element 6 of storage '0', which has 6")]
    [InlineData(0, new long[] { 2, 3 }, new long[] { 3, 2 }, "reaches element 7 of storage '0', which has 6")]
    [InlineData(-1, new long[] { 2 }, new long[] { 1 }, "are negative")]
    [InlineData(0, new long[] { 2 }, new long[] { -1 }, "are negative")]
    public void AViewPastTheEndOfItsStorageIsRefused(long offset, long[] size, long[] stride, string problem)
    {
        string path = Archive(StateDict(new("w", "0", offset, size, stride)), new() { ["0"] = SixFloats.Bytes });

        string message = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message;

        Assert.StartsWith($"{path}: tensor 'w': ", message);
        Assert.Contains(problem, message);
    }

    [Fact]
    public void ABigEndianCheckpointIsRefused()
    {
        string path = Path.Combine(directory, "big.pth");
        TorchCheckpoint.WriteArchive(path, StateDict(new("w", "0", 0, [6], [1])), new Dictionary<string, byte[]> { ["0"] = SixFloats.Bytes }, byteOrder: "big");

        Assert.Equal($"{path}: entry 'archive/byteorder' says the data is 'big'-endian; only little-endian checkpoints are read.", Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.95)]
    [InlineData(0.999)]
    public void ATruncatedCheckpointIsRefused(double kept)
    {
        string path = Path.Combine(directory, $"truncated-{kept}.pth");
        TorchCheckpoint.Write(path, [StateDictFileTests.Typed("w", TensorDType.F32, [64], new float[64])]);
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(int)(whole.Length * kept)]);

        Assert.StartsWith($"{path}: ", Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message);
    }

    [Fact]
    public void AnArchiveWhoseCentralDirectoryDisagreesWithItsEntriesIsRefused()
    {
        string path = Path.Combine(directory, "cut-entry.pth");
        TorchCheckpoint.Write(path, [StateDictFileTests.Typed("w", TensorDType.F32, [64], new float[64])]);
        byte[] bytes = File.ReadAllBytes(path);
        int entry = IndexOf(bytes, "archive/data/0"u8) + "archive/data/0"u8.Length;
        int central = IndexOf(bytes, [0x50, 0x4B, 0x01, 0x02]);
        File.WriteAllBytes(path, [.. bytes[..(entry + 100)], .. bytes[central..]]);

        Assert.StartsWith($"{path}: not a readable zip archive (", Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message);
    }

    [Fact]
    public void AFileThatIsNotAZipArchiveIsRefusedAsTorchAndAsPretrainedWeights()
    {
        string path = Path.Combine(directory, "legacy.pth");
        File.WriteAllBytes(path, [0x80, 2, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, (byte)'.']);

        Assert.StartsWith($"{path}: not a readable zip archive (", Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path)).Message);
        Assert.Equal($"{path}: a .pth file but not a zip archive: only checkpoints written by torch.save since torch 1.6 are read (load and re-save older ones).", Assert.Throws<InvalidDataException>(() => PretrainedWeights.Read(path)).Message);
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> pattern) => bytes.AsSpan().IndexOf(pattern);

    private static byte[] StateDict(TorchTensorSpec tensor) =>
        TorchCheckpoint.StateDictPickle([tensor], new Dictionary<string, TorchStorageSpec> { [tensor.StorageKey] = SixFloats });

    private string Archive(byte[] pickle, Dictionary<string, byte[]>? storages = null)
    {
        string path = Path.Combine(directory, $"{Guid.NewGuid():N}.pth");
        TorchCheckpoint.WriteArchive(path, pickle, storages ?? []);
        return path;
    }
}
