using Eggroll.IO;
using Eggroll.Models.Rwkv;
using Eggroll.Population;

namespace Eggroll.Tests.Rwkv;

/// <summary>Shape inference, loading and export of official RWKV-7 state dicts.</summary>
public sealed class RwkvLoadingTests
{
    [Fact]
    public void InferReadsEveryDimensionFromTheTensors()
    {
        Assert.Equal(RwkvCheckpoint.Tiny, RwkvConfig.Infer(RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 1)));
    }

    [Fact]
    public void ParametersCarryTheOfficialKeysAndShapes()
    {
        var model = RwkvModel.Create(RwkvCheckpoint.Tiny, 5);

        var expected = RwkvCheckpoint.Shapes(RwkvCheckpoint.Tiny).Select(s => (s.Key, string.Join(",", s.Shape))).Order();
        var actual = model.ToStateDict().Select(t => (t.Name, string.Join(",", t.Shape))).Order();

        Assert.Equal(expected, actual);
        Assert.Equal(model.Parameters.Entries.Select(e => e.Name), model.ToStateDict().Select(t => t.Name));
    }

    [Theory]
    [InlineData("emb.weight")]
    [InlineData("blocks.0.att.r_k")]
    [InlineData("blocks.0.att.w1")]
    [InlineData("blocks.1.att.v1")]
    [InlineData("blocks.0.ffn.key.weight")]
    public void InferNamesAMissingKey(string key)
    {
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 1);
        stateDict.Remove(key);

        var error = Assert.Throws<InvalidDataException>(() => RwkvConfig.Infer(stateDict));

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InferRejectsHeadsThatDoNotTileTheWidth()
    {
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 1);
        stateDict["blocks.0.att.r_k"] = RawTensor.FromFloat("blocks.0.att.r_k", [2, 7], new float[14]);

        var error = Assert.Throws<InvalidDataException>(() => RwkvConfig.Infer(stateDict));

        Assert.Contains("'blocks.0.att.r_k' has shape [2, 7]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadNamesAMissingKeyAndLeavesTheModelUnchanged()
    {
        var model = RwkvModel.Create(RwkvCheckpoint.Tiny, 6);
        var before = Values(model);
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 1);
        stateDict.Remove("blocks.1.att.v2");

        var error = Assert.Throws<InvalidDataException>(() => model.Load(stateDict));

        Assert.Equal("state dict has no tensor 'blocks.1.att.v2'.", error.Message);
        Assert.Equal(before, Values(model));
    }

    [Fact]
    public void LoadNamesAMisshapedKeyWithBothShapes()
    {
        var model = RwkvModel.Create(RwkvCheckpoint.Tiny, 7);
        var before = Values(model);
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 1);
        stateDict["blocks.1.att.g1"] = RawTensor.FromFloat("blocks.1.att.g1", [16, 4], new float[64]);

        var error = Assert.Throws<InvalidDataException>(() => model.Load(stateDict));

        Assert.Equal("tensor 'blocks.1.att.g1' has shape [16, 4]; expected [16, 5].", error.Message);
        Assert.Equal(before, Values(model));
    }

    [Fact]
    public void LoadRejectsAnUnexpectedKeyButIgnoresTheUnusedValueAdapterOfBlockZero()
    {
        var model = RwkvModel.Create(RwkvCheckpoint.Tiny, 8);
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 1);
        stateDict["blocks.0.att.v1"] = RawTensor.FromFloat("blocks.0.att.v1", [16, 2], new float[32]);
        model.Load(stateDict);

        stateDict["blocks.2.att.r_k"] = RawTensor.FromFloat("blocks.2.att.r_k", [2, 8], new float[16]);
        var error = Assert.Throws<InvalidDataException>(() => model.Load(stateDict));

        Assert.Contains("'blocks.2.att.r_k'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadAcceptsSqueezedVectorsAndHalfPrecisionTensors()
    {
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 9);
        var mix = stateDict["blocks.1.att.x_g"];
        stateDict["blocks.1.att.x_g"] = mix with { Shape = [16] };
        var head = stateDict["head.weight"];
        var bf16 = new byte[head.Bytes.Length / 2];
        for (int i = 0; i < bf16.Length / 2; i++)
        {
            bf16[2 * i] = head.Bytes[4 * i + 2];
            bf16[2 * i + 1] = head.Bytes[4 * i + 3];
        }

        stateDict["head.weight"] = new RawTensor("head.weight", TensorDType.BF16, head.Shape, bf16);

        var model = RwkvModel.FromStateDict(stateDict);

        Assert.Equal(mix.ToFloat(), model.Blocks[1].TimeMix.MixG.Value);
        Assert.Equal(stateDict["head.weight"].ToFloat(), model.Head.Weight.Value);
        Assert.NotEqual(head.ToFloat(), model.Head.Weight.Value);
    }

    [Fact]
    public void ExportedStateDictLoadsBackToTheSameTensors()
    {
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 10);
        var model = RwkvModel.FromStateDict(stateDict);

        var exported = model.ToStateDict().ToDictionary(t => t.Name);

        Assert.Equal(stateDict.Keys.Order(), exported.Keys.Order());
        foreach (var (key, tensor) in stateDict)
        {
            Assert.Equal(tensor.Shape, exported[key].Shape);
            Assert.Equal(tensor.ToFloat(), exported[key].ToFloat());
        }
    }

    [Fact]
    public void AdaptersAreHeldTransposedAsOutputByInputMatrices()
    {
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 11);
        var model = RwkvModel.FromStateDict(stateDict);
        var w1 = stateDict["blocks.0.att.w1"].ToFloat();
        var held = model.Blocks[0].TimeMix.DecayIn.Weight;

        Assert.Equal((4, 16), (held.Rows, held.Cols));
        Assert.Equal(w1[5 * 4 + 3], held.Value[3 * 16 + 5]);
    }

    [Fact]
    public void ByDefaultOnlyBlockMatricesEvolve()
    {
        var model = RwkvModel.Create(RwkvCheckpoint.Tiny, 12);

        var evolving = model.Parameters.Entries.Where(e => !e.Parameter.Frozen).Select(e => e.Name).ToList();

        Assert.All(evolving, name => Assert.Equal(ParameterKind.Matrix, model.Parameters.Entries.Single(e => e.Name == name).Parameter.Kind));
        Assert.DoesNotContain("head.weight", evolving);
        Assert.Contains("blocks.1.att.v2", evolving);
        Assert.Contains("blocks.0.ffn.value.weight", evolving);
        Assert.Equal((2 * 14) - 2, evolving.Count);
    }

    [Fact]
    public void CreateRejectsAHeadSizeThatDoesNotDivideTheWidth()
    {
        var error = Assert.Throws<ConfigException>(() => RwkvModel.Create(RwkvCheckpoint.Tiny with { HeadSize = 5 }, 1));

        Assert.Equal("model.headSize", error.Field);
    }

    private static float[][] Values(RwkvModel model) => model.Parameters.Entries.Select(e => e.Parameter.Value.ToArray()).ToArray();
}
