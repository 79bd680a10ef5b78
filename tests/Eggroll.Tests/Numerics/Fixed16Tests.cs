using System.Runtime.Intrinsics;
using Eggroll.Numerics;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Numerics;

/// <summary>
/// Noise in 16 bits (docs/algorithm.md §1.6): rounding to multiples of 2⁻¹² with ties to even and clamping, the same in the vector
/// steps and the scalar tail, k stored exactly and loaded back as the rounded floats, and dot products and row terms over stored
/// factors equal, bit for bit, to <see cref="PairedDot"/> and <see cref="FloatTermSource"/> over their values.
/// </summary>
public sealed unsafe class Fixed16Tests
{
    private const double Step = 1.0 / 4096;

    /// <summary>Each case twice: once in the first 32 values (vector steps where the machine has them) and once in the scalar tail.</summary>
    [Fact]
    public void RoundingTakesTheNearestStepWithTiesToEvenAndClampsAtTheLargestK()
    {
        (double Value, double Expected)[] cases =
        [
            (0.5 * Step, 0), (1.5 * Step, 2 * Step), (2.5 * Step, 2 * Step), (-0.5 * Step, 0), (-1.5 * Step, -2 * Step),
            (0.3 * Step, 0), (0.7 * Step, Step), (1.234, Math.Round(1.234 * 4096) * Step), (-3.75, -3.75),
            (8.0, 32767 * Step), (-100.0, -32767 * Step), (7.99, Math.Round(7.99 * 4096) * Step),
        ];
        var values = new float[32 + cases.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)cases[i % cases.Length].Value;
        }

        var steps = new short[values.Length];
        Fixed16.Round(values, steps);

        for (int i = 0; i < values.Length; i++)
        {
            float expected = (float)cases[i % cases.Length].Expected;
            Assert.Equal(expected, values[i]);
            Assert.Equal(expected * 4096f, steps[i]);
        }
    }

    [Fact]
    public void StoredStepsLoadBackAsTheRoundedValues()
    {
        var values = Values(48, 5);
        var steps = new short[values.Length];
        Fixed16.Round(values, steps);

        fixed (short* k = steps)
        {
            for (int start = 0; start + 16 <= values.Length; start += 16)
            {
                Assert.Equal(values.AsSpan(start, 16).ToArray(), ToArray(Fixed16.Load16(k + start)));
            }

            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i], Fixed16.Element(k[i]));
            }
        }
    }

    [Theory]
    [InlineData(32, 4)]
    [InlineData(70, 4)]
    [InlineData(96, 3)]
    [InlineData(7, 2)]
    public void DotsOverStoredVectorsEqualTheDotsOverTheirFloats(int length, int vectors)
    {
        var factors = Values(4 * length, 7);
        var steps = new short[factors.Length];
        Fixed16.Round(factors, steps);
        float[] x0 = Values(length, 8), x1 = Values(length, 9);
        fixed (float* a = x0, b = x1, v = factors)
        fixed (short* k = steps)
        {
            PairedDot.Compute(a, b, v, v + length, length, out var expected);
            Fixed16Dot.Compute(a, b, k, k + length, length, out var actual);
            Assert.Equal(expected, actual);
            if (length % PairedDot.Lanes == 0)
            {
                float* want = stackalloc float[8];
                float* got = stackalloc float[8];
                PairedDot.ComputeFour(a, b, v, length, vectors, length, want, want + 4);
                Fixed16Dot.ComputeFour(a, b, k, length, vectors, length, got, got + 4);
                Assert.Equal(new Span<float>(want, 8).ToArray(), new Span<float>(got, 8).ToArray());
            }
        }
    }

    /// <summary>Output widths with a scalar tail, ranks with whole groups of four, a partial group and a lone factor, with and without bias noise.</summary>
    [Theory]
    [InlineData(37, 1, true)]
    [InlineData(48, 3, false)]
    [InlineData(37, 4, true)]
    [InlineData(70, 6, true)]
    public void TermsOfStoredFactorsEqualTheFloatTermsOfTheirValues(int count, int rank, bool biasNoise)
    {
        int stride = count + 5;
        var factors = Values(rank * stride, 11);
        var steps = new short[factors.Length];
        Fixed16.Round(factors, steps);
        float[] bias = Values(count, 12), noise = Values(count, 13), u0 = Values(rank, 14), u1 = Values(rank, 15);
        float[] expected0 = Values(count, 16), expected1 = Values(count, 17);
        float[] actual0 = [.. expected0], actual1 = [.. expected1];
        fixed (float* b = bias, e = noise, a = factors, p = u0, q = u1, e0 = expected0, e1 = expected1, a0 = actual0, a1 = actual1)
        fixed (short* k = steps)
        {
            float* pairNoise = biasNoise ? e : null;
            new RowTerms<FloatTermSource>(b, new FloatTermSource(pairNoise, a, stride), rank).AddTo(e0, 0.3f, p, e1, -0.3f, q, count);
            new RowTerms<Fixed16TermSource>(b, new Fixed16TermSource(pairNoise, k, stride), rank).AddTo(a0, 0.3f, p, a1, -0.3f, q, count);
        }

        Assert.Equal(expected0.Select(BitConverter.SingleToInt32Bits), actual0.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expected1.Select(BitConverter.SingleToInt32Bits), actual1.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void DecodingGivesTheStoredValuesTimesTheScaleWithOneRounding()
    {
        var values = Values(37, 18);
        var steps = new short[values.Length];
        Fixed16.Round(values, steps);
        var decoded = new float[values.Length];

        Fixed16.Decode(steps, 0.37f, decoded);

        Assert.Equal(values.Select(v => v * 0.37f), decoded);
    }

    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 6 - 3))];
    }

    private static float[] ToArray(Vector512<float> vector) => [.. Enumerable.Range(0, Vector512<float>.Count).Select(i => vector.GetElement(i))];
}
