using System.Globalization;
using System.Text;
using Eggroll.Models.Egg;
using Eggroll.Numerics;
using Eggroll.Numerics.Int8;
using Eggroll.Tasks.Language;

namespace Eggroll.Cli.Bench;

/// <summary>
/// <c>eggroll bench int8</c>: GOPS of the int8 product X·Wᵀ against the fp32 product on the same shapes,
/// and tokens/s of EGG training epochs at several population sizes.
/// </summary>
internal static class Int8Bench
{
    public static string Gemm(IReadOnlyList<(int M, int N, int K)> shapes, int warmup, int repeats, List<Int8GemmResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"X·Wᵀ m×n×k",-18} {"fp32 GFLOP/s",13} {"int8 GOPS",10} {"ratio",6}   (int8 kernel: {Int8Kernels.Best})");
        foreach (var (m, n, k) in shapes)
        {
            var random = new Random(1);
            var x = Enumerable.Range(0, m * k).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var packed = new Int8PackedMatrix(Enumerable.Range(0, n * k).Select(_ => (sbyte)random.Next(-127, 128)).ToArray(), n, k);
            var result = new int[m * n];
            var a = x.Select(v => (float)v).ToArray();
            var b = Enumerable.Range(0, n * k).Select(_ => (float)random.NextDouble()).ToArray();
            var c = new float[m * n];
            double ops = 2.0 * m * n * k;
            double[] seconds = Timing.MedianSeconds(
                [() => Numerics.Gemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1f, a, k, b, k, 0f, c, n), () => Int8Gemm.Multiply(x, m, packed, result)], warmup, repeats);
            double fp32 = ops / seconds[0] / 1e9, int8 = ops / seconds[1] / 1e9;
            results.Add(new Int8GemmResult(m, n, k, fp32, int8));
            text.AppendLine(CultureInfo.InvariantCulture, $"{$"{m}×{n}×{k}",-18} {fp32,13:F1} {int8,10:F1} {int8 / fp32,6:F2}");
        }

        return text.ToString();
    }

    public static string Training(EggConfig config, IReadOnlyList<int> populations, int sequenceLength, int epochs, List<EggThroughputResult> results)
    {
        var text = new StringBuilder();
        var data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", 4000)));
        text.AppendLine(CultureInfo.InvariantCulture, $"EGG {config.Layers}×{config.Width}, sequence length {sequenceLength}, median of {epochs} epochs after one warm-up");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"N",6} {"tokens/epoch",13} {"s/epoch",8} {"tokens/s",10}");
        foreach (int n in populations)
        {
            var trainer = new EggTrainer(EggModel.Create(config, 1), data, new EggTrainingOptions { Population = n, SequenceLength = sequenceLength });
            trainer.RunEpoch();
            var seconds = Enumerable.Range(0, epochs).Select(_ => trainer.RunEpoch().Seconds).Order().ToList();
            double median = seconds[seconds.Count / 2];
            long tokens = (long)n * sequenceLength;
            results.Add(new EggThroughputResult(n, tokens, median, tokens / median));
            text.AppendLine(CultureInfo.InvariantCulture, $"{n,6} {tokens,13:N0} {median,8:F3} {tokens / median,10:N0}");
        }

        return text.ToString();
    }
}

/// <summary>One shape of <c>bench int8</c>'s product comparison.</summary>
internal sealed record Int8GemmResult(int M, int N, int K, double Fp32Gflops, double Int8Gops);

/// <summary>One population size of <c>bench int8</c>'s training measurement.</summary>
internal sealed record EggThroughputResult(int Population, long TokensPerEpoch, double MedianSecondsPerEpoch, double TokensPerSecond);
