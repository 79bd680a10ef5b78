using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Eggroll.IO;

namespace Eggroll.Tests.IO;

public sealed class SafeTensorsTests : IClassFixture<TemporaryDirectory>
{
    private readonly string path;

    public SafeTensorsTests(TemporaryDirectory temporary) => path = Path.Combine(temporary.CreateSubdirectory(), "t.safetensors");

    public static TheoryData<TensorDType> AllDTypes => [.. Enum.GetValues<TensorDType>()];

    [Fact]
    public void RoundTripsNamesShapesAndExactBits()
    {
        float[] values = [1f, -2.5f, float.Epsilon, 3e38f, -0f, 0.1f];
        WriteRaw([RawTensor.FromFloat("a.weight", [2, 3], values), RawTensor.FromFloat("b", [1], [42f])], new Dictionary<string, string> { ["format"] = "test" });

        var read = SafeTensors.ReadRaw(path);
        Assert.Equal(TensorDType.F32, read["a.weight"].DType);
        Assert.Equal([2, 3], read["a.weight"].Shape);
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), read["a.weight"].ToFloat().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal([42f], read["b"].ToFloat());
    }

    [Theory]
    [MemberData(nameof(AllDTypes))]
    public void EveryDTypeRoundTripsItsBytes(TensorDType type)
    {
        var tensor = Tensor("x", type, [2, 3], seed: 1);
        WriteRaw(tensor);

        var read = SafeTensors.ReadRaw(path)["x"];

        Assert.Equal(type, read.DType);
        Assert.Equal([2, 3], read.Shape);
        Assert.Equal(tensor.Bytes, read.Bytes);
    }

    [Fact]
    public void ReadConvertsOtherDTypesToFloat()
    {
        WriteRaw(RawTensor.FromInt8("w", [2, 2], [-128, -1, 0, 127]), RawTensor.FromInt32("z", [3], [int.MinValue, -7, 16777215]), Tensor("h", TensorDType.F16, [2], seed: 0));

        var read = SafeTensors.ReadRaw(path);

        Assert.Equal([-128f, -1f, 0f, 127f], read["w"].ToFloat());
        Assert.Equal([-2147483648f, -7f, 16777215f], read["z"].ToFloat());
        Assert.Equal(Tensor("h", TensorDType.F16, [2], seed: 0).ToFloat(), read["h"].ToFloat());
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadRaw(path)["z"].ToInt8());
        Assert.Contains("expected I8", error.Message);
    }

    [Fact]
    public void WriterAlignsEachTensorToItsElementSizeKeepingTheGivenOrderWithinASize()
    {
        var tensors = new[]
        {
            Tensor("u8", TensorDType.U8, [3], seed: 1),
            Tensor("f64", TensorDType.F64, [1], seed: 2),
            Tensor("f16", TensorDType.F16, [3], seed: 3),
            Tensor("i32", TensorDType.I32, [1], seed: 4),
            Tensor("bf16", TensorDType.BF16, [1], seed: 5),
            Tensor("f32", TensorDType.F32, [1], seed: 6),
            Tensor("i64", TensorDType.I64, [2], seed: 7),
            Tensor("bool", TensorDType.BOOL, [1], seed: 8),
            Tensor("i8", TensorDType.I8, [1], seed: 9),
        };
        WriteRaw(tensors);

        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        var layout = header.RootElement.EnumerateObject()
            .Select(p => (Name: p.Name, Begin: p.Value.GetProperty("data_offsets")[0].GetInt64(), End: p.Value.GetProperty("data_offsets")[1].GetInt64()))
            .OrderBy(t => t.Begin)
            .ToList();

        Assert.Equal(["f64", "i64", "i32", "f32", "f16", "bf16", "u8", "bool", "i8"], layout.Select(t => t.Name));
        Assert.Equal([0L, 8, 24, 28, 32, 38, 40, 43, 44], layout.Select(t => t.Begin));
        Assert.Equal(8 + headerLength + 45, bytes.Length);
        foreach (var (name, begin, end) in layout)
        {
            var tensor = tensors.Single(t => t.Name == name);
            Assert.Equal(0, begin % RawTensor.ElementSize(tensor.DType));
            Assert.Equal(tensor.Bytes, bytes[(int)(8 + headerLength + begin)..(int)(8 + headerLength + end)]);
        }
    }

    [Theory]
    [InlineData("x")]
    [InlineData("xy")]
    [InlineData("abcdefghi")]
    public void HeaderIsPaddedWithSpacesToAMultipleOfEight(string name)
    {
        WriteRaw(Tensor(name, TensorDType.F32, [1], seed: 1));

        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, headerLength);
        string json = $"{{\"{name}\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}}}";

        Assert.Equal(0, headerLength % 8);
        Assert.Equal(json + new string(' ', headerLength - json.Length), header);
        Assert.InRange(headerLength - json.Length, 0, 7);
    }

    [Fact]
    public void MetadataComesFirstAndRoundTrips()
    {
        WriteRaw([Tensor("x", TensorDType.F32, [1], seed: 1)], new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"" });

        var header = SafeTensors.ReadHeader(path);

        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"" }, header.Metadata);
        Assert.StartsWith("{\"__metadata__\":", Encoding.UTF8.GetString(File.ReadAllBytes(path), 8, 20));
    }

    [Theory]
    [InlineData("x", "x", "used twice")]
    [InlineData("__metadata__", "y", "reserved for metadata")]
    public void WriterRejectsRepeatedOrReservedNames(string first, string second, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SafeTensors.WriteRaw(Stream.Null, [Tensor(first, TensorDType.F32, [1], seed: 1), Tensor(second, TensorDType.I8, [1], seed: 2)]));

        Assert.StartsWith($"Tensor name '{first}' is {problem}.", error.Message);
    }

    [Theory]
    [InlineData(new[] { 2, 2 }, 12)]
    [InlineData(new[] { -1, -4 }, 16)]
    [InlineData(new[] { 65536, 65536, 65536 }, 0)]
    public void WriterRejectsBytesThatDoNotMatchTheShape(int[] shape, int byteCount)
    {
        var tensor = new RawTensor("w", TensorDType.F32, shape, new byte[byteCount]);

        var error = Assert.Throws<ArgumentException>(() => SafeTensors.WriteRaw(Stream.Null, [tensor]));

        Assert.StartsWith("Tensor 'w' has", error.Message);
    }

    [Fact]
    public void HeaderOnlyReadGivesNamesDTypesShapesOffsetsInHeaderOrder()
    {
        string json = "{'__metadata__':{'format':'pt'},'b':{'dtype':'BF16','shape':[2,1],'data_offsets':[8,12]},'empty':{'dtype':'F64','shape':[0,5],'data_offsets':[12,12]},'a':{'dtype':'F64','shape':[1],'data_offsets':[0,8]}}";
        File.WriteAllBytes(path, SafeTensorsBytes.Build(json, 12));

        var header = SafeTensors.ReadHeader(path);

        Assert.Equal(["b", "empty", "a"], header.Tensors.Select(t => t.Name));
        Assert.Equal([TensorDType.BF16, TensorDType.F64, TensorDType.F64], header.Tensors.Select(t => t.DType));
        Assert.Equal([[2L, 1], [0L, 5], [1L]], header.Tensors.Select(t => t.Shape));
        Assert.Equal([(8L, 12L), (12L, 12L), (0L, 8L)], header.Tensors.Select(t => (t.Begin, t.End)));
        Assert.Equal([2L, 0, 1], header.Tensors.Select(t => t.ElementCount));
        Assert.Equal(8 + json.Length, header.DataStart);
        Assert.Equal("pt", header.Metadata["format"]);
        Assert.Null(header.Find("c"));
    }

    [Fact]
    public void AFileLaidOutAsTheFormatDocumentsReadsTensorByTensor()
    {
        string json = "{'__metadata__':{'format':'pt'},'b':{'dtype':'U8','shape':[2],'data_offsets':[8,10]},'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]}}";
        json += new string(' ', (8 - (json.Length % 8)) % 8);
        byte[] bytes = SafeTensorsBytes.Build(json, 10);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8 + json.Length), 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8 + json.Length + 4), -2f);
        File.WriteAllBytes(path, bytes);

        using var file = SafeTensorsFile.Open(path);

        Assert.Equal([1.5f, -2f], file.ReadFloat("a"));
        Assert.Equal([(byte)9, (byte)10], file.ReadRaw("b").Bytes);
        Assert.Equal([9f, 10f], file.ReadFloat("b"));
        Assert.Equal(TensorDType.U8, SafeTensors.ReadTensor(path, "b").DType);
    }

    [Fact]
    public void ADimensionBeyondIntIsListedInTheHeaderButRejectedOnRead()
    {
        File.WriteAllBytes(path, SafeTensorsBytes.Build("{'x':{'dtype':'F32','shape':[0,3000000000],'data_offsets':[0,0]}}", 0));

        Assert.Equal([0L, 3000000000], SafeTensors.ReadHeader(path).Tensors[0].Shape);
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadTensor(path, "x"));
        Assert.Equal($"{path}: tensor 'x' has dimension 3000000000, more than 2147483647.", error.Message);
    }

    [Fact]
    public void FloatReadsConvertAcrossChunkBoundaries()
    {
        int count = SafeTensorsFile.ChunkBytes + 3; // two full chunks of F16 and a partial third
        var bytes = new byte[count * 2];
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), (ushort)(i % 0x7C00));
        }

        var tensor = new RawTensor("big", TensorDType.F16, [count], bytes);
        WriteRaw(tensor);

        using var file = SafeTensorsFile.Open(path);

        Assert.Equal(tensor.ToFloat(), file.ReadFloat("big"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(1)]
    public void TruncatedFilesAreRejectedWithTheFileName(int keepFromEnd)
    {
        WriteRaw(RawTensor.FromFloat("x", [4], [1f, 2f, 3f, 4f]));

        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keepFromEnd == 0 ? 4 : bytes.Length - keepFromEnd)]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadRaw(path));
        Assert.Contains(path, error.Message);
    }

    /// <summary>A tensor of <paramref name="shape"/> with arbitrary bytes (0 or 1 for BOOL) that differ with <paramref name="seed"/>.</summary>
    private static RawTensor Tensor(string name, TensorDType type, int[] shape, int seed)
    {
        var bytes = new byte[shape.Aggregate(1, (a, d) => a * d) * RawTensor.ElementSize(type)];
        new Random(seed).NextBytes(bytes);
        if (type == TensorDType.BOOL)
        {
            bytes = [.. bytes.Select(b => (byte)(b & 1))];
        }

        return new RawTensor(name, type, shape, bytes);
    }

    private void WriteRaw(params RawTensor[] tensors) => WriteRaw(tensors, null);

    private void WriteRaw(RawTensor[] tensors, Dictionary<string, string>? metadata)
    {
        using var stream = File.Create(path);
        SafeTensors.WriteRaw(stream, tensors, metadata);
    }
}
