using BenchmarkDotNet.Attributes;
using Eggroll.Noise;

namespace Eggroll.Benchmarks;

/// <summary>Generation of one million standard normals from a noise key.</summary>
[MemoryDiagnoser]
public class NoiseBenchmarks
{
    private const int Count = 1 << 20;
    private readonly float[] destination = new float[Count];
    private readonly NoiseKey key = new(Seed: 12345, ParameterId: 1, NoiseEpoch: 2, Pair: 3);

    /// <summary>Fills one million normals from the start of the stream.</summary>
    [Benchmark]
    public void Fill() => GaussianNoise.Fill(key, destination);

    /// <summary>Fills one million normals from an offset that is not a whole number of chunks.</summary>
    [Benchmark]
    public void FillAtOffset() => GaussianNoise.Fill(key, 1_000_003, destination);
}
