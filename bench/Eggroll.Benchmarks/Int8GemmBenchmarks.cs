using BenchmarkDotNet.Attributes;
using Eggroll.Numerics;
using Eggroll.Numerics.Int8;

namespace Eggroll.Benchmarks;

/// <summary>
/// The int8 product X·Wᵀ (VNNI, exact int32 sums) against the fp32 product of the same shape, on
/// all threads. Operations per call are 2·m·n·k for both, so the time ratio is the throughput ratio.
/// </summary>
[MemoryDiagnoser]
public class Int8GemmBenchmarks
{
    private sbyte[] x = [];
    private Int8PackedMatrix packed = new(new sbyte[1], 1, 1);
    private int[] result = [];
    private float[] a = [];
    private float[] b = [];
    private float[] c = [];

    /// <summary>m × n × k of X·Wᵀ.</summary>
    [Params("1024x1024x1024", "4096x256x64", "4096x64x256", "512x256x64", "512x64x256", "512x256x256")]
    public string Shape { get; set; } = "1024x1024x1024";

    private (int M, int N, int K) Size
    {
        get
        {
            var parts = Shape.Split('x').Select(int.Parse).ToArray();
            return (parts[0], parts[1], parts[2]);
        }
    }

    /// <summary>Random operands of both types.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (m, n, k) = Size;
        var random = new Random(1);
        x = Enumerable.Range(0, m * k).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        packed = new Int8PackedMatrix(Enumerable.Range(0, n * k).Select(_ => (sbyte)random.Next(-127, 128)).ToArray(), n, k);
        result = new int[m * n];
        a = x.Select(v => (float)v).ToArray();
        b = Enumerable.Range(0, n * k).Select(_ => (float)random.NextDouble()).ToArray();
        c = new float[m * n];
    }

    /// <summary>fp32 C = A·Bᵀ.</summary>
    [Benchmark(Baseline = true)]
    public void Fp32()
    {
        var (m, n, k) = Size;
        Gemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1f, a, k, b, k, 0f, c, n);
    }

    /// <summary>int8 C = X·Wᵀ (W packed once, as in training).</summary>
    [Benchmark]
    public void Int8() => Int8Gemm.Multiply(x, Size.M, packed, result);
}
