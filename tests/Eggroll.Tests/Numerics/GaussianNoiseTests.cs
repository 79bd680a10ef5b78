using System.Runtime.Intrinsics;
using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Tests.Numerics;

public class GaussianNoiseTests
{
    private static readonly NoiseKey Key = new(0x0123456789ABCDEFUL, ParameterId: 7, NoiseEpoch: 3, Pair: 11);

    public static TheoryData<KernelLevel> Paths => new(KernelCases.Levels);

    public static TheoryData<KernelLevel> VectorPaths => new(KernelLevel.Avx2, KernelLevel.Avx512);

    public static TheoryData<KernelLevel, int> PathsAndLengths()
    {
        var data = new TheoryData<KernelLevel, int>();
        foreach (KernelLevel level in KernelCases.Levels)
        {
            foreach (int length in new[] { 1, 3, 17, 1000003 })
            {
                data.Add(level, length);
            }
        }

        return data;
    }

    // Random123 kat_vectors, philox4x32 10 rounds. Our Block takes (k0, k1, c0..c3) and returns
    // (x0..x3) in the same word order as Random123's ctr[0..3], key[0..1] and output[0..3].
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void PhiloxMatchesRandom123KnownAnswers(
        uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint x0, uint x1, uint x2, uint x3)
    {
        Assert.Equal((x0, x1, x2, x3), Philox.Block(k0, k1, c0, c1, c2, c3));
    }

    [SkippableTheory]
    [MemberData(nameof(VectorPaths))]
    public void VectorPhiloxMatchesScalarBlock(KernelLevel level)
    {
        KernelCases.SkipUnless(NoisePaths.IsSupported(NoisePaths.For(level)), NoisePaths.For(level));
        var random = new Random(1);
        uint[][] words = [new uint[16], new uint[16], new uint[16], new uint[16]];
        for (int trial = 0; trial < 200; trial++)
        {
            uint k0 = (uint)random.NextInt64(), k1 = (uint)random.NextInt64();
            foreach (uint[] w in words)
            {
                for (int lane = 0; lane < 16; lane++)
                {
                    w[lane] = (uint)random.NextInt64();
                }
            }

            var lanes = level == KernelLevel.Avx512 ? Block512(k0, k1, words) : Block256(k0, k1, words);
            for (int lane = 0; lane < lanes.Length; lane++)
            {
                var expected = Philox.Block(k0, k1, words[0][lane], words[1][lane], words[2][lane], words[3][lane]);
                Assert.Equal(expected, lanes[lane]);
            }
        }
    }

    [Fact]
    public void RadiusAndSinCosAreAccurate()
    {
        double maxRadiusError = 0, maxSinCosError = 0;
        for (uint k = 0; k < 1u << 24; k += 97)
        {
            uint word = (k << 8) | 0xA5;
            double u = (2.0 * k + 1) / (1 << 25);
            double radius = Math.Sqrt(-2 * Math.Log(u));
            maxRadiusError = Math.Max(maxRadiusError, Math.Abs(GaussianMath.Radius(word) - radius) / radius);
            GaussianMath.SinCos(word, out float sin, out float cos);
            maxSinCosError = Math.Max(maxSinCosError, Math.Abs(sin - Math.Sin(2 * Math.PI * u)));
            maxSinCosError = Math.Max(maxSinCosError, Math.Abs(cos - Math.Cos(2 * Math.PI * u)));
        }

        Assert.True(maxRadiusError < 2.5e-7, $"radius relative error {maxRadiusError}");
        Assert.True(maxSinCosError < 1.5e-7, $"sin/cos absolute error {maxSinCosError}");
    }

    [Fact]
    public void ExtremeUniformsGiveFiniteRadii()
    {
        Assert.Equal(Math.Sqrt(50 * Math.Log(2)), GaussianMath.Radius(0), 1e-5);
        Assert.Equal(Math.Sqrt(2 * Math.Pow(2, -25)), GaussianMath.Radius(uint.MaxValue), 1e-8);
    }

    [Fact]
    public void SameKeyGivesSameNumbersAcrossCalls()
    {
        float[] first = new float[4099], second = new float[4099];
        GaussianNoise.Fill(Key, first);
        GaussianNoise.Fill(Key, second);
        Assert.Equal(first, second);
        Assert.All(first, z => Assert.True(float.IsFinite(z)));
    }

    [SkippableTheory]
    [MemberData(nameof(PathsAndLengths))]
    public void OffsetFillEqualsSliceOfFullFillOnEveryPath(KernelLevel level, int length)
    {
        NoisePath path = NoisePaths.For(level);
        KernelCases.SkipUnless(NoisePaths.IsSupported(path), path);
        float[] full = new float[length + 131];
        GaussianNoise.Fill(Key, 0, full, path);
        foreach (int start in new[] { 0, 1, 2, 3, 4, 5, 15, 16, 33, 63, 64, 65, 130, 131 })
        {
            float[] part = new float[length];
            GaussianNoise.Fill(Key, start, part, path);
            Assert.True(full.AsSpan(start, length).SequenceEqual(part), $"start {start}");
        }
    }

    [Fact]
    public void ParallelSlicesInRandomOrderEqualOneFill()
    {
        const int length = 1000003;
        float[] expected = new float[length];
        GaussianNoise.Fill(Key, expected);
        var random = new Random(2);
        int[] cuts = [0, .. Enumerable.Range(0, 40).Select(_ => random.Next(length)).Order(), length];
        int[] order = Enumerable.Range(0, cuts.Length - 1).OrderBy(_ => random.Next()).ToArray();
        float[] actual = new float[length];
        Parallel.For(0, order.Length, i =>
        {
            int slice = order[i];
            GaussianNoise.Fill(Key, cuts[slice], actual.AsSpan(cuts[slice], cuts[slice + 1] - cuts[slice]));
        });
        Assert.Equal(expected, actual);
    }

    [SkippableTheory]
    [MemberData(nameof(VectorPaths))]
    public void VectorPathsAreBitIdenticalToTheScalarPath(KernelLevel level)
    {
        NoisePath path = NoisePaths.For(level);
        KernelCases.SkipUnless(NoisePaths.IsSupported(path), path);
        var random = new Random(3);
        for (int trial = 0; trial < 40; trial++)
        {
            var key = new NoiseKey((ulong)random.NextInt64(), (uint)random.Next(), (uint)random.Next(), (uint)random.Next());
            long start = trial == 0 ? GaussianNoise.MaxElements - 300 : random.NextInt64(1L << 33);
            float[] reference = new float[random.Next(1, 300)];
            GaussianNoise.Fill(key, start, reference, NoisePath.Scalar);
            float[] actual = new float[reference.Length];
            GaussianNoise.Fill(key, start, actual, path);
            Assert.True(
                MemoryMarshalBits(reference).SequenceEqual(MemoryMarshalBits(actual)),
                $"path {path}, start {start}, length {reference.Length}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void EveryPathMatchesDoublePrecisionBoxMuller(KernelLevel level)
    {
        NoisePath path = NoisePaths.For(level);
        KernelCases.SkipUnless(NoisePaths.IsSupported(path), path);
        float[] noise = new float[100000];
        GaussianNoise.Fill(Key, 0, noise, path);
        for (int i = 0; i < noise.Length; i += 4)
        {
            var (x0, x1, x2, x3) = Philox.Block((uint)Key.Seed, (uint)(Key.Seed >> 32), (uint)(i / 4), Key.Pair, Key.NoiseEpoch, Key.ParameterId);
            double[] expected = [.. BoxMuller(x0, x1), .. BoxMuller(x2, x3)];
            for (int lane = 0; lane < 4; lane++)
            {
                Assert.True(
                    Math.Abs(noise[i + lane] - expected[lane]) <= 5e-7 * Math.Max(1, Math.Abs(expected[lane])),
                    $"element {i + lane}: {noise[i + lane]} vs {expected[lane]}");
            }
        }
    }

    [Fact]
    public void RangeOutsideTheStreamThrows()
    {
        float[] buffer = new float[8];
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianNoise.Fill(Key, -1, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianNoise.Fill(Key, GaussianNoise.MaxElements - 7, buffer));
        GaussianNoise.Fill(Key, GaussianNoise.MaxElements - 8, buffer);
        Assert.All(buffer, z => Assert.True(float.IsFinite(z)));
    }

    [Fact]
    public void MomentsOfAMillionDrawsAreStandardNormal()
    {
        // Standard errors for n = 10^6 normals: mean 1/√n = 0.001; variance √(2/n) ≈ 0.0014;
        // kurtosis √(24/n) ≈ 0.0049. The bounds are 5, 7 and 10 standard errors.
        float[] noise = new float[1_000_000];
        GaussianNoise.Fill(Key, noise);
        double mean = noise.Average(z => (double)z);
        double m2 = noise.Average(z => Math.Pow(z - mean, 2));
        double m4 = noise.Average(z => Math.Pow(z - mean, 4));
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(m2, 0.99, 1.01);
        Assert.InRange(m4 / (m2 * m2), 2.95, 3.05);
    }

    [Theory]
    [InlineData(1ul, 0u, 0u, 0u)]
    [InlineData(0ul, 1u, 0u, 0u)]
    [InlineData(0ul, 0u, 1u, 0u)]
    [InlineData(0ul, 0u, 0u, 1u)]
    public void KeysDifferingInOneFieldAreUncorrelated(ulong seedDelta, uint parameterDelta, uint epochDelta, uint pairDelta)
    {
        // Over n = 10^6 pairs of independent normals ρ has standard error 1/√n = 0.001; the bound is 10 of them.
        var other = new NoiseKey(Key.Seed + seedDelta, Key.ParameterId + parameterDelta, Key.NoiseEpoch + epochDelta, Key.Pair + pairDelta);
        float[] a = new float[1_000_000], b = new float[1_000_000];
        GaussianNoise.Fill(Key, a);
        GaussianNoise.Fill(other, b);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += a[i] * (double)b[i];
            saa += a[i] * (double)a[i];
            sbb += b[i] * (double)b[i];
        }

        Assert.InRange(sab / Math.Sqrt(saa * sbb), -0.01, 0.01);
    }

    private static (uint, uint, uint, uint)[] Block512(uint k0, uint k1, uint[][] words)
    {
        PhiloxVector.Block(
            k0, k1, Vector512.Create(words[0]), Vector512.Create(words[1]), Vector512.Create(words[2]), Vector512.Create(words[3]),
            out Vector512<uint> x0, out Vector512<uint> x1, out Vector512<uint> x2, out Vector512<uint> x3);
        return Enumerable.Range(0, 16).Select(lane => (x0[lane], x1[lane], x2[lane], x3[lane])).ToArray();
    }

    private static (uint, uint, uint, uint)[] Block256(uint k0, uint k1, uint[][] words)
    {
        PhiloxVector.Block(
            k0, k1, Vector256.Create(words[0]), Vector256.Create(words[1]), Vector256.Create(words[2]), Vector256.Create(words[3]),
            out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3);
        return Enumerable.Range(0, 8).Select(lane => (x0[lane], x1[lane], x2[lane], x3[lane])).ToArray();
    }

    private static int[] MemoryMarshalBits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    private static double[] BoxMuller(uint a, uint b)
    {
        double u1 = ((a >> 8) + 0.5) / (1 << 24), u2 = ((b >> 8) + 0.5) / (1 << 24);
        double radius = Math.Sqrt(-2 * Math.Log(u1));
        return [radius * Math.Cos(2 * Math.PI * u2), radius * Math.Sin(2 * Math.PI * u2)];
    }
}
