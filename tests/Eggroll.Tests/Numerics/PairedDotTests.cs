using Eggroll.Numerics;

namespace Eggroll.Tests.Numerics;

/// <summary>
/// <see cref="PairedDot"/> against a scalar reading of its documented order (lane j mod 32, fused multiply-adds,
/// then the tree l + (l + 16), …, l + (l + 1)): bit for bit, so the 512-bit, 256-bit and scalar runs of CI all
/// compare against the same numbers; and against a double-precision dot product for its accuracy.
/// </summary>
public sealed unsafe class PairedDotTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(100)]
    [InlineData(256)]
    [InlineData(1027)]
    public void EveryProductFollowsTheDocumentedSummationOrderBitForBit(int length)
    {
        float[] x0 = Values(length, 1), x1 = Values(length, 2), v0 = Values(length, 3), v1 = Values(length, 4);

        PairedDot.Products products;
        fixed (float* a = x0, b = x1, c = v0, d = v1)
        {
            PairedDot.Compute(a, b, c, d, length, out products);
        }

        Assert.Equal(BitConverter.SingleToInt32Bits(DocumentedOrder(x0, v0)), BitConverter.SingleToInt32Bits(products.Row0Vector0));
        Assert.Equal(BitConverter.SingleToInt32Bits(DocumentedOrder(x0, v1)), BitConverter.SingleToInt32Bits(products.Row0Vector1));
        Assert.Equal(BitConverter.SingleToInt32Bits(DocumentedOrder(x1, v0)), BitConverter.SingleToInt32Bits(products.Row1Vector0));
        Assert.Equal(BitConverter.SingleToInt32Bits(DocumentedOrder(x1, v1)), BitConverter.SingleToInt32Bits(products.Row1Vector1));
    }

    [Theory]
    [InlineData(32, 4)]
    [InlineData(256, 4)]
    [InlineData(256, 3)]
    [InlineData(1024, 4)]
    public void FourVectorsAtOnceGiveTheDocumentedOrderBitForBit(int length, int vectors)
    {
        const int stride = 1100;
        float[] x0 = Values(length, 11), x1 = Values(length, 12), v = Values((3 * stride) + length, 13);
        var row0Dots = new float[4];
        var row1Dots = new float[4];

        fixed (float* a = x0, b = x1, c = v, d0 = row0Dots, d1 = row1Dots)
        {
            PairedDot.ComputeFour(a, b, c, stride, vectors, length, d0, d1);
        }

        for (int k = 0; k < 4; k++)
        {
            float[] vk = v.AsSpan(Math.Min(k, vectors - 1) * stride, length).ToArray();
            Assert.Equal(BitConverter.SingleToInt32Bits(DocumentedOrder(x0, vk)), BitConverter.SingleToInt32Bits(row0Dots[k]));
            Assert.Equal(BitConverter.SingleToInt32Bits(DocumentedOrder(x1, vk)), BitConverter.SingleToInt32Bits(row1Dots[k]));
        }
    }

    [Fact]
    public void ProductsAreAccurateDotProducts()
    {
        const int length = 777;
        float[] x0 = Values(length, 5), x1 = Values(length, 6), v0 = Values(length, 7), v1 = Values(length, 8);

        PairedDot.Products products;
        fixed (float* a = x0, b = x1, c = v0, d = v1)
        {
            PairedDot.Compute(a, b, c, d, length, out products);
        }

        Assert.Equal(Exact(x0, v0), products.Row0Vector0, 1e-3);
        Assert.Equal(Exact(x0, v1), products.Row0Vector1, 1e-3);
        Assert.Equal(Exact(x1, v0), products.Row1Vector0, 1e-3);
        Assert.Equal(Exact(x1, v1), products.Row1Vector1, 1e-3);
    }

    [Fact]
    public void TheSameRowOrVectorPassedTwiceGivesTheSameValueInBothPlaces()
    {
        float[] x = Values(90, 9), v = Values(90, 10);

        PairedDot.Products products;
        fixed (float* a = x, c = v)
        {
            PairedDot.Compute(a, a, c, c, x.Length, out products);
        }

        Assert.Equal(products.Row0Vector0, products.Row0Vector1);
        Assert.Equal(products.Row0Vector0, products.Row1Vector0);
        Assert.Equal(products.Row0Vector0, products.Row1Vector1);
    }

    private static float DocumentedOrder(float[] x, float[] v)
    {
        var lanes = new float[32];
        for (int j = 0; j < x.Length; j++)
        {
            lanes[j % 32] = MathF.FusedMultiplyAdd(x[j], v[j], lanes[j % 32]);
        }

        for (int width = 16; width >= 1; width /= 2)
        {
            for (int l = 0; l < width; l++)
            {
                lanes[l] += lanes[l + width];
            }
        }

        return lanes[0];
    }

    private static double Exact(float[] x, float[] v) => x.Zip(v, (a, b) => (double)a * b).Sum();

    private static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
