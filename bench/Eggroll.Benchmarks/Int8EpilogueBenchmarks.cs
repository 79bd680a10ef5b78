using BenchmarkDotNet.Attributes;
using Eggroll.Models.Egg;
using Eggroll.Numerics.Int8;

namespace Eggroll.Benchmarks;

/// <summary>
/// The rank-r correction and rescale of one 64-row tile of an int8 matrix op (what follows the int8
/// product in <see cref="Int8Linear"/>): the int64 reference against the int32 vector path, on one thread.
/// </summary>
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class Int8EpilogueBenchmarks
{
    private const int Rows = 64;

    private int[] accumulator = [];
    private int[] projections = [];
    private sbyte[] factors = [];
    private sbyte[] output = [];
    private Int8OutputScale scale;

    /// <summary>Inputs × outputs of the op (64 and 256 inputs rescale by a shift, 128 by a division).</summary>
    [Params("64x256", "128x512")]
    public string Shape { get; set; } = "64x256";

    /// <summary>Rank r of the factors.</summary>
    [Params(1, 4, 16)]
    public int Rank { get; set; }

    private int Outputs => int.Parse(Shape.Split('x')[1]);

    /// <summary>Accumulators of the size an int8 product gives, projections of the size x·B gives.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        int inputs = int.Parse(Shape.Split('x')[0]);
        accumulator = Enumerable.Range(0, Rows * Outputs).Select(_ => random.Next(-200_000, 200_000)).ToArray();
        projections = Enumerable.Range(0, Rows * Rank).Select(_ => random.Next(-5000, 5000)).ToArray();
        factors = Enumerable.Range(0, Rank * Outputs).Select(_ => (sbyte)random.Next(-64, 65)).ToArray();
        output = new sbyte[Rows * Outputs];
        scale = new Int8OutputScale(inputs);
    }

    /// <summary>The int64 definition.</summary>
    [Benchmark(Baseline = true)]
    public void Reference()
    {
        for (int i = 0; i < Rows; i++)
        {
            Int8Epilogue.Reference(Row(i), projections.AsSpan(i * Rank, Rank), factors, 8, scale, output.AsSpan(i * Outputs, Outputs));
        }
    }

    /// <summary>The dispatching entry point (vector path where it applies).</summary>
    [Benchmark]
    public void Vector()
    {
        for (int i = 0; i < Rows; i++)
        {
            Int8Epilogue.Apply(Row(i), projections.AsSpan(i * Rank, Rank), factors, 8, scale, output.AsSpan(i * Outputs, Outputs));
        }
    }

    private ReadOnlySpan<int> Row(int i) => accumulator.AsSpan(i * Outputs, Outputs);
}
