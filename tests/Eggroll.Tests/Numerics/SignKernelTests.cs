using System.Runtime.Intrinsics.X86;
using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Numerics;

/// <summary>
/// The kernels that read Rademacher noise as bits give, bit for bit, what the float kernels give on the same ±1 values
/// written out: <see cref="SignDot"/> against <see cref="PairedDot"/>, <see cref="SignTermSource{TWords}"/> against <see cref="FloatTermSource"/>,
/// at element offsets that are not multiples of 32 and lengths with a tail.
/// </summary>
public sealed unsafe class SignKernelTests
{
    private static readonly NoiseKey Key = new(91, ParameterId: 2, NoiseEpoch: 4, Pair: 0);

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(7, 3, 40)]
    [InlineData(32, 0, 32)]
    [InlineData(33, 17, 95)]
    [InlineData(100, 5, 260)]
    [InlineData(256, 64, 321)]
    public void SignDotEqualsThePairedDotOfTheSignsAsFloats(int length, int element0, int element1)
    {
        var (words, signs) = Signs(element1 + length + 64);
        float[] x0 = Values(length, 1), x1 = Values(length, 2);
        x0[0] = -0f;
        PairedDot.Products expected, actual;
        fixed (float* a = x0, b = x1, s = signs)
        fixed (uint* w = words)
        {
            PairedDot.Compute(a, b, s + element0, s + element1, length, out expected);
            SignDot.Compute(a, b, w, element0, element1, length, out actual);
        }

        Assert.Equal(Bits(expected), Bits(actual));
    }

    [Theory]
    [InlineData(32, 0, 32, 4)]
    [InlineData(64, 7, 75, 4)]
    [InlineData(64, 7, 75, 3)]
    [InlineData(256, 40, 256, 4)]
    public void FourSignVectorsAtOnceGiveThePairedDotsOfTheSignsAsFloats(int length, int element0, int stride, int vectors)
    {
        var (words, signs) = Signs(element0 + (3 * stride) + length + 64);
        float[] x0 = Values(length, 1), x1 = Values(length, 2);
        float[] expected = new float[8], actual = new float[8];
        fixed (float* a = x0, b = x1, s = signs, e = expected, g = actual)
        fixed (uint* w = words)
        {
            PairedDot.ComputeFour(a, b, s + element0, stride, vectors, length, e, e + 4);
            SignDot.ComputeFour(a, b, w, element0, stride, vectors, length, g, g + 4);
        }

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(16, 0, 0, 25, 1)]
    [InlineData(37, 5, 70, 46, 2)]
    [InlineData(70, 33, 11, 79, 3)]
    [InlineData(70, 16, 32, 80, 4)]
    public void SignTermsEqualFloatTermsOnTheSignsAsFloats(int count, int noiseElement, int aElement, int aStride, int rank)
    {
        AssertTermsMatch<AnyElementWords>(count, noiseElement, aElement, aStride, rank);
        if ((noiseElement | aElement | aStride) % 16 == 0)
        {
            AssertTermsMatch<HalfWords>(count, noiseElement, aElement, aStride, rank);
        }
    }

    [Theory]
    [InlineData(4, 64)]
    [InlineData(6, 70)]
    [InlineData(9, 33)]
    public void EachCodeHoldsTheSignBitsOfItsGroupsFactors(int rank, int length)
    {
        var noise = new SignPairNoise(pairs: 3, length: (rank * length) + 11);
        noise.Generate(Key);
        var floats = noise.Floats();
        byte[] codes = noise.RowCodes(rank, length);
        int stride = SignPairNoise.CodeStride(length), groups = FactorGroups.Count(rank);

        for (int pair = 0; pair < 3; pair++)
        {
            var signs = floats.Of(pair, noise.Length);
            for (int g = 0; g < groups; g++)
            {
                for (int j = 0; j < stride; j++)
                {
                    int expected = 0;
                    for (int i = 0; j < length && i < FactorGroups.SizeOf(g, rank); i++)
                    {
                        expected |= signs[(((g * FactorGroups.Size) + i) * length) + j] < 0 ? 1 << i : 0;
                    }

                    Assert.Equal(expected, codes[(((pair * groups) + g) * stride) + j]);
                }
            }
        }
    }

    [SkippableTheory]
    [InlineData("Shuffle")]
    [InlineData("Affine")]
    public void EveryCodeWriterWritesWhatTheScalarWriterWrites(string name)
    {
        var writer = Enum.Parse<SignCodes.Writer>(name);
        Skip.If(writer == SignCodes.Writer.Shuffle && !Avx512BW.IsSupported, "no AVX-512BW here");
        Skip.If(writer == SignCodes.Writer.Affine && !(Gfni.V512.IsSupported && Avx512Vbmi.IsSupported), "no GFNI with AVX-512 VBMI here");
        var noise = new SignPairNoise(pairs: 1, length: 2000);
        noise.Generate(Key);
        ulong* expected = stackalloc ulong[SignCodes.Chunk / 8];
        ulong* actual = stackalloc ulong[SignCodes.Chunk / 8];
        fixed (uint* words = noise.Words)
        {
            foreach (int length in new[] { 50, 64, 70, 200 })
            {
                for (int size = 1; size <= FactorGroups.Size; size++)
                {
                    foreach (int start in new[] { 0, 13 })
                    {
                        for (int index = 0; index < length + SignCodes.Chunk; index += SignCodes.Chunk)
                        {
                            SignCodes.Write(expected, words, 2, size, length, start, index, SignCodes.Writer.Scalar);
                            SignCodes.Write(actual, words, 2, size, length, start, index, writer);
                            Assert.Equal(new Span<ulong>(expected, SignCodes.Chunk / 8).ToArray(), new Span<ulong>(actual, SignCodes.Chunk / 8).ToArray());
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// With AVX-512 a group's factor terms are looked up in a table of signed sums by the factors' sign codes, written
    /// beforehand or formed from the bits in registers; the rows must still be, bit for bit, the float path's on the ±1
    /// values (without AVX-512 this compares the sums formed from the bits).
    /// </summary>
    [Theory]
    [InlineData(2, 48, 0, 48, true)]
    [InlineData(2, 48, 0, 48, false)]
    [InlineData(3, 70, 16, 37, true)]
    [InlineData(3, 70, 16, 37, false)]
    [InlineData(4, 64, 0, 64, true)]
    [InlineData(4, 64, 0, 64, false)]
    [InlineData(5, 80, 32, 48, true)]
    [InlineData(8, 96, 16, 75, false)]
    public void LookedUpSignTermsEqualFloatTermsOnTheSignsAsFloats(int rank, int width, int colStart, int count, bool storedCodes)
    {
        var noise = new SignPairNoise(pairs: 2, length: rank * width);
        noise.Generate(Key);
        var floats = noise.Floats();
        byte[] codes = noise.RowCodes(rank, width);
        int stride = SignPairNoise.CodeStride(width), codesPerPair = FactorGroups.Count(rank) * stride;
        float[] bias = Values(count, 3), u0 = Values(rank, 4), u1 = Values(rank, 5);
        float[] expected0 = Values(count, 6), expected1 = Values(count, 7);
        float[] actual0 = [.. expected0], actual1 = [.. expected1];
        fixed (float* b = bias, s = floats.Buffer, p = u0, q = u1, e0 = expected0, e1 = expected1, a0 = actual0, a1 = actual1)
        fixed (uint* w = noise.Words)
        fixed (byte* c = codes)
        {
            new RowTerms<FloatTermSource>(b, new FloatTermSource(null, s + noise.Length + colStart, width), rank).AddTo(e0, 0f, p, e1, 0f, q, count);
            var signs = new SignTermSource<AnyElementWords>(null, 0, w + noise.WordsPerPair, colStart, width, storedCodes ? c + codesPerPair + colStart : null, stride);
            new RowTerms<SignTermSource<AnyElementWords>>(b, signs, rank).AddTo(a0, 0f, p, a1, 0f, q, count);
        }

        Assert.Equal(expected0.Select(BitConverter.SingleToInt32Bits), actual0.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expected1.Select(BitConverter.SingleToInt32Bits), actual1.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(0, 16, 1f)]
    [InlineData(3, 45, -0.25f)]
    [InlineData(70, 200, 0f)]
    public void WritingSignsTimesAValueGivesTheValueTimesEachSign(int element, int count, float value)
    {
        var (words, signs) = Signs(element + count + 64);
        var written = new float[count];
        fixed (uint* w = words)
        fixed (float* target = written)
        {
            SignBits.Write(w, element, value, target, count);
        }

        Assert.Equal(signs.Skip(element).Take(count).Select(s => BitConverter.SingleToInt32Bits(s * value)), written.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(0, 16, 1f)]
    [InlineData(3, 45, -0.25f)]
    public void AddingSignsTimesAValueEqualsTheMultiplyAddOfTheSignsAsFloats(int element, int count, float value)
    {
        var (words, signs) = Signs(element + count + 64);
        var expected = Values(count, 8);
        var actual = expected.ToArray();
        fixed (uint* w = words)
        fixed (float* target = actual)
        {
            SignBits.AddTo(w, element, value, target, count);
        }

        for (int i = 0; i < count; i++)
        {
            expected[i] = MathF.FusedMultiplyAdd(signs[element + i], value, expected[i]);
        }

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void APairsBitsAreItsSignStreamAndItsFloatsTheStreamWrittenOut()
    {
        var noise = new SignPairNoise(pairs: 3, length: 300);
        noise.Generate(Key);
        var floats = noise.Floats();

        for (int pair = 0; pair < 3; pair++)
        {
            var expected = new float[300];
            SignNoise.Fill(Key with { Pair = (uint)pair }, 0, expected);
            Assert.Equal(expected, floats.Of(pair, 300).ToArray());
            for (int i = 0; i < 300; i++)
            {
                Assert.Equal(expected[i] < 0, ((noise.Words[(pair * noise.WordsPerPair) + (i / 32)] >> (i % 32)) & 1) == 1);
            }
        }
    }

    /// <summary>Runs the sign terms read by <typeparamref name="TWords"/> and the float terms on the same ±1 values; their bits must be equal.</summary>
    private static void AssertTermsMatch<TWords>(int count, int noiseElement, int aElement, int aStride, int rank)
        where TWords : struct, ISignWords
    {
        var (words, signs) = Signs(noiseElement + aElement + (rank * aStride) + count + 64);
        float[] bias = Values(count, 3), u0 = Values(rank, 4), u1 = Values(rank, 5);
        float[] expected0 = Values(count, 6), expected1 = Values(count, 7);
        float[] actual0 = [.. expected0], actual1 = [.. expected1];
        fixed (float* b = bias, s = signs, p = u0, q = u1, e0 = expected0, e1 = expected1, a0 = actual0, a1 = actual1)
        fixed (uint* w = words)
        {
            new RowTerms<FloatTermSource>(b, new FloatTermSource(s + noiseElement, s + aElement, aStride), rank).AddTo(e0, 0.3f, p, e1, -0.3f, q, count);
            new RowTerms<SignTermSource<TWords>>(b, new SignTermSource<TWords>(w, noiseElement, w, aElement, aStride, null, 0), rank).AddTo(a0, 0.3f, p, a1, -0.3f, q, count);
        }

        Assert.Equal(expected0.Select(BitConverter.SingleToInt32Bits), actual0.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expected1.Select(BitConverter.SingleToInt32Bits), actual1.Select(BitConverter.SingleToInt32Bits));
    }

    private static (uint[] Words, float[] Signs) Signs(int length)
    {
        var noise = new SignPairNoise(pairs: 1, length: length);
        noise.Generate(Key);
        return (noise.Words, noise.Floats().Buffer);
    }

    private static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5))];
    }

    private static int[] Bits(PairedDot.Products p) =>
        [.. new[] { p.Row0Vector0, p.Row0Vector1, p.Row1Vector0, p.Row1Vector1 }.Select(BitConverter.SingleToInt32Bits)];
}
