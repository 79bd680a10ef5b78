using Eggroll.IO;

namespace Eggroll.Tests.IO;

/// <summary>Malformed or inconsistent safetensors files are rejected with a message naming the file, the tensor and the problem.</summary>
public sealed class SafeTensorsRejectionTests : IClassFixture<TemporaryDirectory>
{
    private readonly string path;

    public SafeTensorsRejectionTests(TemporaryDirectory temporary) => path = Path.Combine(temporary.CreateSubdirectory(), "bad.safetensors");

    [Theory]
    [InlineData("[{'x':1}]", 0, "does not start with '{'", "0x5B")]
    [InlineData(" {}", 0, "does not start with '{'", "0x20")]
    [InlineData("{'x':", 0, "not valid JSON")]
    [InlineData("{} x", 0, "not valid JSON")]
    [InlineData("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]},'b':{'dtype':'F32','shape':[2],'data_offsets':[4,12]}}", 12, "tensor 'b'", "overlaps tensor 'a'")]
    [InlineData("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]},'z':{'dtype':'U8','shape':[0],'data_offsets':[4,4]}}", 8, "tensor 'z'", "overlaps tensor 'a'")]
    [InlineData("{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]},'b':{'dtype':'F32','shape':[1],'data_offsets':[8,12]}}", 12, "tensor 'b'", "gap of 4 bytes")]
    [InlineData("{'a':{'dtype':'F32','shape':[1],'data_offsets':[4,8]}}", 8, "tensor 'a'", "gap of 4 bytes")]
    [InlineData("{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]}}", 8, "tensor 'a' ends at byte 4", "data section has 8 bytes")]
    [InlineData("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]}}", 4, "tensor 'a' ends at byte 8", "data section has 4 bytes")]
    [InlineData("{}", 4, "no tensors", "data section has 4 bytes")]
    [InlineData("{'x':{'dtype':'F32','shape':[1],'data_offsets':[0,4]},'x':{'dtype':'F32','shape':[1],'data_offsets':[4,8]}}", 8, "tensor 'x' twice")]
    [InlineData("{'x':{'dtype':'F32','dtype':'I32','shape':[1],'data_offsets':[0,4]}}", 4, "tensor 'x'", "field 'dtype' twice")]
    [InlineData("{'__metadata__':{'k':'a','k':'b'}}", 0, "key 'k' twice")]
    [InlineData("{'__metadata__':{},'__metadata__':{}}", 0, "'__metadata__' twice")]
    [InlineData("{'x':{'dtype':'F32','shape':[3],'data_offsets':[0,8]}}", 8, "tensor 'x'", "need 12 bytes", "span 8")]
    [InlineData("{'x':{'dtype':'BF16','shape':[2,2],'data_offsets':[0,4]}}", 4, "tensor 'x'", "need 8 bytes", "span 4")]
    [InlineData("{'x':{'dtype':'U8','shape':[4611686018427387904,4],'data_offsets':[0,0]}}", 0, "tensor 'x'", "more bytes than a 64-bit size can count")]
    [InlineData("{'x':{'dtype':'F64','shape':[4294967296,4294967296,4294967296],'data_offsets':[0,0]}}", 0, "tensor 'x'", "more bytes than a 64-bit size can count")]
    [InlineData("{'x':{'dtype':'F8_E4M3','shape':[4],'data_offsets':[0,4]}}", 4, "tensor 'x'", "dtype F8_E4M3", "not supported")]
    [InlineData("{'x':{'dtype':'f32','shape':[1],'data_offsets':[0,4]}}", 4, "tensor 'x'", "dtype f32", "not supported")]
    [InlineData("{'x':{'dtype':'float32','shape':[1],'data_offsets':[0,4]}}", 4, "tensor 'x'", "dtype float32")]
    [InlineData("{'x':{'dtype':0,'shape':[1],'data_offsets':[0,4]}}", 4, "tensor 'x'", "dtype 0")]
    [InlineData("{'x':{'dtype':'F32','shape':[-1,-4],'data_offsets':[0,16]}}", 16, "tensor 'x'", "negative shape entry -1")]
    [InlineData("{'x':{'dtype':'F32','shape':[2.5],'data_offsets':[0,8]}}", 8, "tensor 'x'", "shape entry 2.5")]
    [InlineData("{'x':{'dtype':'F32','shape':['2'],'data_offsets':[0,8]}}", 8, "tensor 'x'", "shape entry \"2\"")]
    [InlineData("{'x':{'dtype':'F32','shape':2,'data_offsets':[0,8]}}", 8, "tensor 'x'", "shape 2")]
    [InlineData("{'x':{'dtype':'F32','shape':[1],'data_offsets':[-4,0]}}", 4, "tensor 'x'", "negative data_offsets entry -4")]
    [InlineData("{'x':{'dtype':'F32','shape':[1],'data_offsets':[8,4]}}", 8, "tensor 'x'", "data_offsets [8, 4]")]
    [InlineData("{'x':{'dtype':'F32','shape':[1],'data_offsets':[0,4,8]}}", 8, "tensor 'x'", "data_offsets [0, 4, 8]")]
    [InlineData("{'x':{'dtype':'F32','shape':[1]}}", 4, "tensor 'x'", "no 'data_offsets'")]
    [InlineData("{'x':3}", 0, "tensor 'x'", "not an object")]
    [InlineData("{'__metadata__':{'n':1}}", 0, "key 'n'", "Number value", "must be strings")]
    [InlineData("{'__metadata__':{'n':{'a':'b'}}}", 0, "key 'n'", "Object value")]
    [InlineData("{'__metadata__':'x'}", 0, "__metadata__ is a JSON String")]
    public void MalformedHeadersAreRejected(string json, int dataLength, params string[] expected)
    {
        File.WriteAllBytes(path, SafeTensorsBytes.Build(json, dataLength));

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadHeader(path));

        Assert.StartsWith(path + ": ", error.Message);
        foreach (string fragment in expected)
        {
            Assert.Contains(fragment, error.Message);
        }

        Assert.Equal(error.Message, Assert.Throws<InvalidDataException>(() => SafeTensors.ReadRaw(path)).Message);
    }

    [Theory]
    [InlineData(9UL, "header length 9 exceeds the file (16 bytes)")]
    [InlineData(100_000_001UL, "header length 100000001 exceeds the 100000000-byte limit")]
    [InlineData(ulong.MaxValue, "header length 18446744073709551615 exceeds")]
    public void HeaderLengthsBeyondTheFileOrTheLimitAreRejected(ulong declared, string expected)
    {
        File.WriteAllBytes(path, SafeTensorsBytes.Build("{}      ", 0, declared));

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadHeader(path));

        Assert.Equal($"{path}: {expected}", error.Message[..(path.Length + 2 + expected.Length)]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void FilesShorterThanTheLengthPrefixAreRejected(int length)
    {
        File.WriteAllBytes(path, new byte[length]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadHeader(path));

        Assert.Equal($"{path}: file is {length} bytes, too short for the 8-byte header length of a safetensors file.", error.Message);
    }

    [Fact]
    public void AHeaderThatIsNotUtf8IsRejected()
    {
        byte[] bytes = SafeTensorsBytes.Build("{'x?':{'dtype':'F32','shape':[1],'data_offsets':[0,4]}}", 4);
        bytes[8 + 3] = 0xFF;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadHeader(path));

        Assert.StartsWith($"{path}: header is not valid JSON", error.Message);
    }

    [Fact]
    public void AMissingTensorIsNamed()
    {
        File.WriteAllBytes(path, SafeTensorsBytes.Build("{'x':{'dtype':'F32','shape':[1],'data_offsets':[0,4]}}", 4));

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadTensor(path, "y"));

        Assert.Equal($"{path}: tensor 'y' is not in the file.", error.Message);
    }
}
