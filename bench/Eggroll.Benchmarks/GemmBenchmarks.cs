using BenchmarkDotNet.Attributes;
using Eggroll.Numerics;

namespace Eggroll.Benchmarks;

/// <summary>Single-precision matrix products at the shapes training uses, on all threads and on one.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] a = [];
    private float[] b = [];
    private float[] c = [];
    private int savedThreads;

    /// <summary>The product: transposes and m×n×k.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShapeCase Shape { get; set; } = Shapes().First();

    /// <summary>Worker threads; 0 means the processor count.</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    /// <summary>The benchmarked products.</summary>
    public static IEnumerable<GemmShapeCase> Shapes() =>
    [
        new(Transpose.No, Transpose.No, 1024, 1024, 1024),
        new(Transpose.No, Transpose.Yes, 1024, 1024, 1024),
        new(Transpose.Yes, Transpose.No, 1024, 1024, 1024),
        new(Transpose.Yes, Transpose.Yes, 1024, 1024, 1024),
        new(Transpose.No, Transpose.Yes, 16384, 1024, 1024),
        new(Transpose.Yes, Transpose.No, 1024, 1024, 512),
    ];

    /// <summary>Allocates random operands and sets the thread count.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        a = Fill(Shape.M * Shape.K, random);
        b = Fill(Shape.K * Shape.N, random);
        c = new float[Shape.M * Shape.N];
        savedThreads = Parallelism.MaxThreads;
        Parallelism.MaxThreads = Threads == 0 ? Environment.ProcessorCount : Threads;
    }

    /// <summary>Restores the thread count.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxThreads = savedThreads;

    /// <summary>C = op(A)·op(B).</summary>
    [Benchmark]
    public void Multiply()
    {
        GemmShapeCase s = Shape;
        int lda = s.TransA == Transpose.No ? s.K : s.M;
        int ldb = s.TransB == Transpose.No ? s.N : s.K;
        Gemm.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c, s.N);
    }

    private static float[] Fill(int length, Random random)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}

/// <summary>One benchmarked product shape.</summary>
/// <param name="TransA">Whether A is transposed.</param>
/// <param name="TransB">Whether B is transposed.</param>
/// <param name="M">Rows of C.</param>
/// <param name="N">Columns of C.</param>
/// <param name="K">Inner dimension.</param>
public sealed record GemmShapeCase(Transpose TransA, Transpose TransB, int M, int N, int K)
{
    /// <summary>A short label for reports, such as "NT 16384x1024x1024".</summary>
    public override string ToString() =>
        $"{(TransA == Transpose.No ? 'N' : 'T')}{(TransB == Transpose.No ? 'N' : 'T')} {M}x{N}x{K}";
}
