using System.Text.Json;
using Eggroll.Cli;
using Eggroll.IO;
using Eggroll.Models.Rwkv;
using Eggroll.Population;
using Eggroll.Tests.IO.Torch;
using Eggroll.Tests.Integer;
using Eggroll.Tests.Rwkv;
using Eggroll.Training;

namespace Eggroll.Tests.Cli;

/// <summary><c>train lm --model rwkv7</c>, <c>lm generate</c> and <c>lm score</c> end to end.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class RwkvLmCommandTests : IClassFixture<TemporaryDirectory>
{
    private static readonly RwkvConfig ByteModel = RwkvCheckpoint.Tiny with { Vocabulary = 256 };
    private readonly string directory;
    private readonly string data;

    public RwkvLmCommandTests(TemporaryDirectory temporary)
    {
        directory = temporary.CreateSubdirectory();
        data = Path.Combine(directory, "sample.txt");
        File.WriteAllBytes(data, SampleText.Bytes);
    }

    private string[] Tiny =>
    [
        "--data", data, "--model", "rwkv7", "--model-width", "16", "--model-layers", "2", "--head-size", "8", "--population", "8",
        "--sequence-length", "8", "--validate-every", "2", "--validation-bytes", "64", "--checkpoint-every", "2",
    ];

    [Fact]
    public void Resumed_two_thread_training_equals_one_straight_one_thread_run()
    {
        var (shortRun, longRun) = ResumedLmRuns.Train(Tiny, directory, 3, 5);

        var resumed = ResumedLmRuns.Checkpoint(shortRun);
        Assert.Equal(5, resumed.State.Epoch);
        Assert.Equal("rwkv7-lm", resumed.State.Kind);
        Assert.Equal(ResumedLmRuns.Tensors(ResumedLmRuns.Checkpoint(longRun)), ResumedLmRuns.Tensors(resumed));
        var lines = File.ReadLines(Path.Combine(longRun, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(5, lines.Length);
        Assert.All(lines, l => Assert.InRange(l.GetProperty("trainBitsPerByte").GetDouble(), 1, 16));
        Assert.Contains(lines, l => l.TryGetProperty("validationBitsPerByte", out _));
        Assert.True(File.Exists(Path.Combine(longRun, "learning-curve.png")));

        var generated = CapturedRun.Of(["lm", "generate", "--model", longRun, "--prompt", "The ", "--max-tokens", "5", "--temperature", "0"]);
        Assert.Equal(0, generated.ExitCode);
    }

    [Fact]
    public void With_rademacher_noise_a_resumed_run_equals_a_straight_one_and_differs_from_gaussian_noise()
    {
        string[] rademacher = [.. Tiny, "--set", "rwkv.noise=rademacher"];
        var (shortRun, longRun) = ResumedLmRuns.Train(rademacher, directory, 2, 3);
        string gaussian = Path.Combine(directory, "gaussian");
        Assert.Equal(0, EggrollCli.Run(["train", "lm", .. Tiny, "--epochs", "3", "--out", gaussian]));

        var straight = ResumedLmRuns.Tensors(ResumedLmRuns.Checkpoint(longRun));
        Assert.Equal(straight, ResumedLmRuns.Tensors(ResumedLmRuns.Checkpoint(shortRun)));
        Assert.NotEqual(straight, ResumedLmRuns.Tensors(ResumedLmRuns.Checkpoint(gaussian)));
        Assert.Contains("\"noise\": \"rademacher\"", File.ReadAllText(Path.Combine(longRun, "config.json")));
    }

    [Theory]
    [InlineData("rwkv.noise=binary", "rwkv.noise")]
    [InlineData("rwkv.noiseTable=-1", "rwkv.noiseTable")]
    public void Bad_noise_settings_are_one_line_user_errors(string setting, string field)
    {
        AssertUserError(["train", "lm", .. Tiny, "--epochs", "1", "--out", Path.Combine(directory, "bad-noise"), "--set", setting], field);
    }

    [Fact]
    public void Score_of_a_safetensors_checkpoint_equals_stepping_the_model_by_hand()
    {
        var model = RwkvModel.FromStateDict(RwkvCheckpoint.Random(ByteModel, 21));
        string weights = Write("score.safetensors", model.ToStateDict());
        string text = Path.Combine(directory, "text.txt");
        byte[] bytes = "Evolution, one byte at a time."u8.ToArray();
        File.WriteAllBytes(text, bytes);

        var run = CapturedRun.Of(["lm", "score", "--model", weights, "--text", text]);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(bytes.Length, lines.Length);
        var expected = RwkvScoreReference.LogProbs(model, [.. bytes.Select(b => (int)b)]);
        for (int i = 1; i < bytes.Length; i++)
        {
            var line = lines[i - 1];
            Assert.Equal(i, line.GetProperty("position").GetInt32());
            Assert.Equal(bytes[i], line.GetProperty("token").GetInt32());
            Assert.Equal(expected[i - 1], line.GetProperty("logprob").GetDouble(), 1e-5);
        }

        Assert.Equal(-expected.Sum() / (bytes.Length - 1) / Math.Log(2), lines[^1].GetProperty("bitsPerByte").GetDouble(), 1e-5);
    }

    [Fact]
    public void Score_of_a_pytorch_checkpoint_in_bf16_equals_the_same_weights_from_safetensors()
    {
        var model = RwkvModel.FromStateDict(RwkvCheckpoint.Random(ByteModel, 23));
        var bf16 = model.ToStateDict().Select(ToBFloat16).ToArray();
        string pth = Path.Combine(directory, "score.pth");
        TorchCheckpoint.Write(pth, bf16);
        string safetensors = Write("score-bf16.safetensors", bf16);
        string text = Path.Combine(directory, "pth-text.txt");
        File.WriteAllBytes(text, "Weights saved by torch.save."u8.ToArray());

        var fromTorch = CapturedRun.Of(["lm", "score", "--model", pth, "--text", text]);
        var fromSafetensors = CapturedRun.Of(["lm", "score", "--model", safetensors, "--text", text]);

        Assert.Equal(0, fromTorch.ExitCode);
        Assert.Equal(fromSafetensors.Output, fromTorch.Output);
        Assert.Contains("\"bitsPerByte\"", fromTorch.Output);
    }

    [Fact]
    public void Generate_stops_at_a_stop_string_and_reads_a_safetensors_checkpoint()
    {
        var model = RwkvModel.FromStateDict(RwkvCheckpoint.Random(ByteModel, 22));
        string weights = Write("generate.safetensors", model.ToStateDict());
        string[] greedy = ["lm", "generate", "--model", weights, "--prompt", "ab", "--temperature", "0", "--max-tokens", "6"];

        var full = CapturedRun.Of(greedy);
        Assert.Equal(0, full.ExitCode);
        string continuation = full.Output.TrimEnd('\n');
        var stopped = CapturedRun.Of([.. greedy, "--stop", continuation[2..4]]);

        Assert.Equal(0, stopped.ExitCode);
        Assert.Equal(continuation[..2], stopped.Output.TrimEnd('\n'));
    }

    [Fact]
    public void Bad_models_and_texts_are_one_line_user_errors()
    {
        var stateDict = RwkvModel.FromStateDict(RwkvCheckpoint.Random(ByteModel, 23)).ToStateDict();
        string missingHead = Write("no-head.safetensors", stateDict.Where(t => t.Name != "head.weight").ToArray());
        string text = Path.Combine(directory, "bad-text.txt");
        File.WriteAllText(text, "some text");

        AssertUserError(["lm", "score", "--model", Path.Combine(directory, "absent.safetensors"), "--text", text], "absent.safetensors");
        AssertUserError(["lm", "score", "--model", missingHead, "--text", text], "head.weight");
        AssertUserError(["lm", "generate", "--model", missingHead, "--prompt", "x"], "head.weight");
        AssertUserError(["lm", "score", "--model", Write("ok.safetensors", stateDict), "--text", Path.Combine(directory, "absent.txt")], "absent.txt");
        AssertUserError(["lm", "generate", "--model", data, "--prompt", "x"], "sample.txt");
    }

    private static void AssertUserError(string[] args, string named)
    {
        var run = CapturedRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.ErrorLine);
    }

    /// <summary>The tensor rounded to bfloat16 (the upper 16 bits of each float32, round to nearest even), as pretrained RWKV-7 files store it.</summary>
    private static RawTensor ToBFloat16(RawTensor tensor)
    {
        var values = tensor.ToFloat();
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            uint bits = BitConverter.SingleToUInt32Bits(values[i]);
            ushort upper = (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), upper);
        }

        return new RawTensor(tensor.Name, TensorDType.BF16, tensor.Shape, bytes);
    }

    private string Write(string name, IReadOnlyList<RawTensor> tensors)
    {
        string path = Path.Combine(directory, name);
        using (var stream = File.Create(path))
        {
            SafeTensors.WriteRaw(stream, tensors);
        }

        return path;
    }
}
