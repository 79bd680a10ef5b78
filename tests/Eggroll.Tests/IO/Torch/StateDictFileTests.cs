using System.Runtime.InteropServices;
using Eggroll.IO;
using Eggroll.IO.Torch;

namespace Eggroll.Tests.IO.Torch;

/// <summary>Checkpoints laid out as torch.save writes them read back with their names, dtypes, shapes and values.</summary>
public sealed class StateDictFileTests(TemporaryDirectory temporary) : IClassFixture<TemporaryDirectory>
{
    private readonly string directory = temporary.CreateSubdirectory();

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void EveryDtypeReadsBackWithItsNameShapeBytesAndOrder(int protocol)
    {
        var written = EveryDtype();
        string path = Path.Combine(directory, $"every-{protocol}.pth");
        TorchCheckpoint.Write(path, written, protocol);

        var read = StateDictFile.Read(path);

        Assert.Equal(written.Select(t => t.Name), read.Keys);
        foreach (var tensor in written)
        {
            Assert.Equal(tensor.DType, read[tensor.Name].DType);
            Assert.Equal(tensor.Shape, read[tensor.Name].Shape);
            Assert.Equal(tensor.Bytes, read[tensor.Name].Bytes);
        }
    }

    [Fact]
    public void AStateDictWithMoreThan256MemoEntriesReads()
    {
        var written = Enumerable.Range(0, 60).Select(i => Typed($"blocks.{i}.att.x_r", TensorDType.F32, [1, 1, 2], [i, -i * 0.5f])).ToList();
        string path = Path.Combine(directory, "many.pth");
        TorchCheckpoint.Write(path, written);

        var read = StateDictFile.Read(path);

        Assert.Equal(written.Select(t => t.Bytes), read.Values.Select(t => t.Bytes));
    }

    [Fact]
    public void HalfAndBFloat16StoragesConvertToTheFloatsTheyEncode()
    {
        float[] values = [1f, -2f, 0.5f, 65280f, -0.000061035156f, 3.140625f];
        string path = Path.Combine(directory, "halves.pth");
        TorchCheckpoint.Write(path,
        [
            Typed("half", TensorDType.F16, [2, 3], values.Select(v => (Half)v).ToArray()),
            Typed("brain", TensorDType.BF16, [3, 2], values.Select(v => (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16)).ToArray()),
        ]);

        var read = StateDictFile.Read(path);

        Assert.Equal(values, read["half"].ToFloat());
        Assert.Equal(values, read["brain"].ToFloat());
    }

    [Fact]
    public void ViewsOfOneStorageReadTheirOwnElementsWhateverTheirOffsetAndStrides()
    {
        float[] storage = [0, 1, 2, 3, 4, 5];
        var storages = new Dictionary<string, TorchStorageSpec> { ["0"] = new(TensorDType.F32, MemoryMarshal.AsBytes(storage.AsSpan()).ToArray()) };
        TorchTensorSpec[] views =
        [
            new("whole", "0", 0, [2, 3], [3, 1]),
            new("tail", "0", 2, [3], [1]),
            new("transposed", "0", 0, [3, 2], [1, 3]),
            new("broadcast", "0", 4, [2, 2], [0, 1]),
            new("column", "0", 1, [2, 1], [3, 7]),
        ];
        string path = Path.Combine(directory, "views.pth");
        TorchCheckpoint.WriteArchive(path, TorchCheckpoint.StateDictPickle(views, storages), storages.ToDictionary(s => s.Key, s => s.Value.Bytes));

        var read = StateDictFile.Read(path);
        read["whole"].Bytes[8] = 0xFF;

        Assert.Equal([2f, 3f, 4f], read["tail"].ToFloat());
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], read["transposed"].ToFloat());
        Assert.Equal([3, 2], read["transposed"].Shape);
        Assert.Equal([4f, 5f, 4f, 5f], read["broadcast"].ToFloat());
        Assert.Equal([1f, 4f], read["column"].ToFloat());
    }

    [Fact]
    public void APlainDictOfParametersUnderAnyArchiveRootReads()
    {
        var storage = new TorchStorageSpec(TensorDType.F32, MemoryMarshal.AsBytes([1.5f, -2.5f]).ToArray());
        var pickle = new PickleWriter(2).Op('}').Put().Str("weight").Global("torch._utils", "_rebuild_parameter");
        TorchCheckpoint.RebuildTensor(pickle, new("weight", "7", 0, [2], [1]), storage).Op(0x88);
        TorchCheckpoint.EmptyOrderedDict(pickle).Op(0x87).Put().Op('R').Put().Op('s');
        string path = Path.Combine(directory, "parameter.pt");
        TorchCheckpoint.WriteArchive(path, pickle.ToArray(), new Dictionary<string, byte[]> { ["7"] = storage.Bytes }, root: "rwkv-x070-model");

        var read = StateDictFile.Read(path);

        Assert.Equal([1.5f, -2.5f], Assert.Single(read).Value.ToFloat());
    }

    [Fact]
    public void PretrainedWeightsReadsTheSameTensorsFromATorchFileAndASafetensorsFile()
    {
        var written = EveryDtype();
        string torch = Path.Combine(directory, "model.pth");
        string safetensors = Path.Combine(directory, "model.safetensors");
        TorchCheckpoint.Write(torch, written);
        using (var stream = File.Create(safetensors))
        {
            SafeTensors.WriteRaw(stream, written);
        }

        var fromTorch = PretrainedWeights.Read(torch);
        var fromSafetensors = PretrainedWeights.Read(safetensors);

        Assert.Equal(fromSafetensors.Keys.Order(), fromTorch.Keys.Order());
        foreach (var (name, tensor) in fromSafetensors)
        {
            Assert.Equal(tensor.Bytes, fromTorch[name].Bytes);
            Assert.Equal(tensor.Shape, fromTorch[name].Shape);
            Assert.Equal(tensor.DType, fromTorch[name].DType);
        }
    }

    internal static RawTensor Typed<T>(string name, TensorDType type, int[] shape, T[] values)
        where T : unmanaged => new(name, type, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static List<RawTensor> EveryDtype() =>
    [
        Typed("emb.weight", TensorDType.F32, [2, 3], [-1.5f, 0f, 0.25f, 3f, 1e-3f, -7f]),
        Typed("ln.weight", TensorDType.F16, [4], [(Half)1, (Half)(-2), (Half)0.5, (Half)65504]),
        Typed("att.w", TensorDType.BF16, [2, 2], new ushort[] { 0x3F80, 0xBF00, 0x4040, 0x4380 }),
        Typed("f64", TensorDType.F64, [2], [0.1, -1e300]),
        Typed("i64", TensorDType.I64, [3], [-1L, 1L << 40, 7L]),
        Typed("i32", TensorDType.I32, [2], [int.MinValue, 12345]),
        Typed("u8", TensorDType.U8, [3], new byte[] { 0, 200, 255 }),
        Typed("i8", TensorDType.I8, [2], new sbyte[] { -128, 127 }),
        Typed("mask", TensorDType.BOOL, [2], new byte[] { 1, 0 }),
        Typed("scalar", TensorDType.F32, [], [42f]),
        Typed("empty", TensorDType.F32, [0, 3], Array.Empty<float>()),
        Typed("big", TensorDType.F32, [300, 5], Enumerable.Range(0, 1500).Select(i => i * 0.5f).ToArray()),
    ];
}
