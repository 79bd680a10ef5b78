using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Eggroll.IO;

namespace Eggroll.Tests.IO;

public sealed class SafeTensorsTests : IClassFixture<TemporaryDirectory>
{
    private readonly string path;

    public SafeTensorsTests(TemporaryDirectory temporary) => path = Path.Combine(temporary.CreateSubdirectory(), "t.safetensors");

    [Fact]
    public void RoundTripsNamesShapesAndExactBits()
    {
        var tensors = new[]
        {
            new TensorData("a.weight", [2, 3], [1f, -2.5f, float.Epsilon, 3e38f, -0f, 0.1f]),
            new TensorData("b", [1], [42f]),
        };

        using (var stream = File.Create(path))
        {
            SafeTensors.Write(stream, tensors, new Dictionary<string, string> { ["format"] = "test" });
        }

        var read = SafeTensors.Read(path);
        Assert.Equal([2, 3], read["a.weight"].Shape);
        Assert.Equal(tensors[0].Values.Select(BitConverter.SingleToInt32Bits), read["a.weight"].Values.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal([42f], read["b"].Values);
    }

    [Fact]
    public void RoundTripsInt8AndInt32Tensors()
    {
        using (var stream = File.Create(path))
        {
            SafeTensors.WriteRaw(stream, [RawTensor.FromInt8("w", [2, 2], [-128, -1, 0, 127]), RawTensor.FromInt32("z", [3], [int.MinValue, -7, int.MaxValue])]);
        }

        var read = SafeTensors.ReadRaw(path);
        Assert.Equal(TensorDType.I8, read["w"].DType);
        Assert.Equal([(sbyte)-128, (sbyte)-1, (sbyte)0, (sbyte)127], read["w"].ToInt8());
        Assert.Equal([int.MinValue, -7, int.MaxValue], read["z"].ToInt32());
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));
        Assert.Contains("expected F32", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void HeaderFollowsTheSafetensorsLayout()
    {
        using (var stream = File.Create(path))
        {
            SafeTensors.Write(stream, [new TensorData("x", [2], [1f, 2f]), new TensorData("y", [1], [3f])]);
        }

        byte[] bytes = File.ReadAllBytes(path);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength))!;
        Assert.Equal(0UL, headerLength % 8);
        Assert.Equal("F32", header["x"]!["dtype"]!.GetValue<string>());
        Assert.Equal("[0,8]", header["x"]!["data_offsets"]!.ToJsonString());
        Assert.Equal("[8,12]", header["y"]!["data_offsets"]!.ToJsonString());
        Assert.Equal(8 + (long)headerLength + 12, bytes.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(1)]
    public void TruncatedFilesAreRejectedWithTheFileName(int keepFromEnd)
    {
        using (var stream = File.Create(path))
        {
            SafeTensors.Write(stream, [new TensorData("x", [4], [1f, 2f, 3f, 4f])]);
        }

        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keepFromEnd == 0 ? 4 : bytes.Length - keepFromEnd)]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void OtherDtypesAreRejected()
    {
        string json = "{\"x\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        var bytes = new byte[8 + json.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        Encoding.UTF8.GetBytes(json).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));
        Assert.Contains("F16", error.Message);
    }
}
