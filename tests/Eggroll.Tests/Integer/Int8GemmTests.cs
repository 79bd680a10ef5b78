using Eggroll.Numerics.Int8;
using Eggroll.Tests.Numerics;

namespace Eggroll.Tests.Integer;

public class Int8GemmTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 }, { 7, 33, 129 }, { 33, 7, 5 }, { 129, 17, 63 }, { 65, 129, 33 }, { 4, 16, 4 }, { 3, 200, 258 },
        { 200, 70, 260 }, { 197, 64, 64 }, { 8, 32, 4 }, { 600, 256, 64 }, { 517, 100, 36 },
    };

    public static TheoryData<Int8Kernel> Kernels => new(Enum.GetValues<Int8Kernel>());

    public static TheoryData<Int8Kernel, int, int, int> KernelsAndSizes => KernelCases.Cross(Enum.GetValues<Int8Kernel>(), Sizes);

    [SkippableTheory]
    [MemberData(nameof(KernelsAndSizes))]
    public void Every_kernel_equals_the_scalar_definition_bit_for_bit(Int8Kernel kernel, int m, int n, int k)
    {
        KernelCases.SkipUnless(Int8Kernels.IsSupported(kernel), kernel);
        var random = new Random(m * 1000 + n * 10 + k);
        var x = RandomBytes(random, m * k);
        var w = RandomBytes(random, n * k);
        var c = new int[m * n];
        Int8Gemm.Multiply(kernel, x, m, new Int8PackedMatrix(w, n, k), c);
        Assert.True(Reference(x, w, m, n, k).AsSpan().SequenceEqual(c), $"kernel {kernel} differs at {m}×{n}×{k}");
    }

    [SkippableTheory]
    [MemberData(nameof(Kernels))]
    public void Extreme_values_do_not_overflow_on_any_kernel(Int8Kernel kernel)
    {
        KernelCases.SkipUnless(Int8Kernels.IsSupported(kernel), kernel);
        const int m = 5, n = 3, k = 1000;
        var x = Enumerable.Repeat((sbyte)-128, m * k).ToArray();
        var w = Enumerable.Repeat((sbyte)-128, n * k).ToArray();
        var c = new int[m * n];
        Int8Gemm.Multiply(kernel, x, m, new Int8PackedMatrix(w, n, k), c);
        Assert.All(c, v => Assert.Equal(128 * 128 * k, v));
    }

    [SkippableTheory]
    [MemberData(nameof(Kernels))]
    public void A_matrix_repacked_to_a_smaller_shape_multiplies_like_a_freshly_packed_one_on_any_kernel(Int8Kernel kernel)
    {
        KernelCases.SkipUnless(Int8Kernels.IsSupported(kernel), kernel);
        var random = new Random(11);
        var packed = new Int8PackedMatrix(RandomBytes(random, 40 * 30), 40, 30);
        foreach (var (n, k) in new[] { (17, 9), (33, 30), (5, 1), (40, 30) })
        {
            var w = RandomBytes(random, n * k);
            var x = RandomBytes(random, 70 * k);
            packed.Repack(w, n, k);
            Assert.Equal((n, k), (packed.Rows, packed.Columns));
            var c = new int[70 * n];
            Int8Gemm.Multiply(kernel, x, 70, packed, c);
            Assert.True(Reference(x, w, 70, n, k).AsSpan().SequenceEqual(c), $"kernel {kernel} differs at {n}×{k}");
        }
    }

    [Fact]
    public void Repacking_a_shape_whose_packing_does_not_fit_the_storage_is_rejected()
    {
        var packed = new Int8PackedMatrix(16, 8);
        var error = Assert.Throws<ArgumentException>(() => packed.Repack(new sbyte[16 * 12], 16, 12));
        Assert.Contains("16×12", error.Message);
        Assert.Equal((16, 8), (packed.Rows, packed.Columns));
    }

    [Fact]
    public void Short_spans_are_rejected()
    {
        var packed = new Int8PackedMatrix(new sbyte[6], 2, 3);
        Assert.Throws<ArgumentException>(() => Int8Gemm.Multiply(new sbyte[5], 2, packed, new int[4]));
    }

    internal static sbyte[] RandomBytes(Random random, int count)
    {
        var values = new sbyte[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (sbyte)random.Next(-128, 128);
        }

        return values;
    }

    private static int[] Reference(sbyte[] x, sbyte[] w, int m, int n, int k)
    {
        var c = new int[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                int sum = 0;
                for (int t = 0; t < k; t++)
                {
                    sum += x[(i * k) + t] * w[(j * k) + t];
                }

                c[(i * n) + j] = sum;
            }
        }

        return c;
    }
}
