using System.Collections.Concurrent;
using Eggroll.Numerics;

namespace Eggroll.Tests.Numerics;

[Collection(ThreadCountCollection.Name)]
public sealed class GemmTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 },
        { 7, 7, 7 },
        { 33, 33, 33 },
        { 129, 129, 129 },
        { 5, 37, 130 },
        { 130, 5, 37 },
        { 37, 130, 5 },
        { 1, 65, 300 },
        { 70, 1, 513 },
        { 9, 33, 1 },
    };

    public static TheoryData<float, float> Scalars => new()
    {
        { 1f, 0f },
        { 1f, 1f },
        { -0.5f, 0f },
        { 2f, 0.75f },
    };

    public static TheoryData<KernelLevel> Kernels => new(KernelCases.Levels);

    public static TheoryData<KernelLevel, int, int, int> KernelsAndSizes => KernelCases.Cross(KernelCases.Levels, Sizes);

    public static TheoryData<KernelLevel, float, float> KernelsAndScalars => KernelCases.Cross(KernelCases.Levels, Scalars);

    [SkippableTheory]
    [MemberData(nameof(KernelsAndSizes))]
    public void EveryKernelMatchesReferenceForAllTransposes(KernelLevel kernel, int m, int n, int k)
    {
        KernelCases.SkipUnless(GemmKernel.IsSupported(kernel), kernel);
        foreach (Transpose ta in Enum.GetValues<Transpose>())
        {
            foreach (Transpose tb in Enum.GetValues<Transpose>())
            {
                Check(ta, tb, m, n, k, alpha: 1.5f, beta: 0.5f, pad: 0, seed: m + (7 * n) + (31 * k), GemmKernel.For(kernel));
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(KernelsAndScalars))]
    public void EveryKernelMatchesReferenceForAlphaBetaAndPaddedLeadingDimensions(KernelLevel kernel, float alpha, float beta)
    {
        KernelCases.SkipUnless(GemmKernel.IsSupported(kernel), kernel);
        foreach (Transpose ta in Enum.GetValues<Transpose>())
        {
            foreach (Transpose tb in Enum.GetValues<Transpose>())
            {
                Check(ta, tb, 19, 45, 70, alpha, beta, pad: 3, seed: 5, GemmKernel.For(kernel));
                Check(ta, tb, 260, 70, 300, alpha, beta, pad: 17, seed: 6, GemmKernel.For(kernel));
            }
        }
    }

    [Fact]
    public void FullAndEdgeTilesRoundAlike()
    {
        const int m = 16, n = 64, k = 300;
        float[] a = Random(m * k, 21), b = Random(k * n, 22), c0 = Random(m * n, 23);
        float[] full = (float[])c0.Clone();
        Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 0.7f, a, k, b, n, 0.3f, full, n);

        float[] row = c0.AsSpan(3 * n, n).ToArray();
        Gemm.Multiply(Transpose.No, Transpose.No, 1, n, k, 0.7f, a.AsSpan(3 * k), k, b, n, 0.3f, row, n);
        Assert.Equal(full.AsSpan(3 * n, n).ToArray(), row);

        float[] columns = (float[])c0.Clone();
        Gemm.Multiply(Transpose.No, Transpose.No, m, 5, k, 0.7f, a, k, b, n, 0.3f, columns, n);
        for (int i = 0; i < m; i++)
        {
            Assert.Equal(full.AsSpan(i * n, 5).ToArray(), columns.AsSpan(i * n, 5).ToArray());
        }
    }

    [Fact]
    public void LargeOutputsWalkSlicesTileByTileWithTheSameRounding()
    {
        const int m = 2100, n = 1000, k = 600;
        float[] a = Random(m * k, 31), b = Random(k * n, 32), c = Random(m * n, 33);
        float[] whole = (float[])c.Clone();
        Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, 0.9f, a, k, b, n, 0.4f, whole, n);

        foreach (int i in new[] { 0, 7, 1033, m - 1 })
        {
            float[] row = c.AsSpan(i * n, n).ToArray();
            Gemm.Multiply(Transpose.No, Transpose.No, 1, n, k, 0.9f, a.AsSpan(i * k), k, b, n, 0.4f, row, n);
            Assert.Equal(whole.AsSpan(i * n, n).ToArray(), row);
        }
    }

    [Theory]
    [InlineData(300, 200, 700)]
    [InlineData(2100, 1000, 600)]
    [InlineData(64, 2100, 300)]
    public unsafe void EpilogueSeesEachFinishedElementOnce(int m, int n, int k)
    {
        float[] a = Random(m * k, 41), b = Random(n * k, 42), c = new float[m * n];
        var epilogue = new RecordingEpilogue(m, n);
        Gemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1f, a, k, b, k, 0f, c, n, epilogue);

        Assert.All(epilogue.Visits, v => Assert.Equal(1, v));
        Assert.Equal(c, epilogue.Seen);
    }

    [Theory]
    [InlineData(384)]
    [InlineData(200)]
    [InlineData(1000)]
    public void WithAnEpilogueRowsAreSplitIntoBlocksBeforeColumns(int m)
    {
        // The low-rank epilogue's per-row work (a member's projections x·B) is done once per block a row is in,
        // so a product with an epilogue and enough rows for every kernel's tile count hands over whole rows.
        const int n = 256, k = 64;
        float[] a = Random(m * k, 43), b = Random(n * k, 44), c = new float[m * n];
        var epilogue = new RecordingEpilogue(m, n);
        Gemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 1f, a, k, b, k, 0f, c, n, epilogue);

        Assert.All(epilogue.Blocks, block => Assert.Equal((0, n), (block.ColStart, block.ColCount)));
        Assert.True(epilogue.Blocks.Count >= 16);
    }

    [SkippableTheory]
    [MemberData(nameof(Kernels))]
    public void EveryKernelIgnoresNaNInCWhenBetaIsZero(KernelLevel kernel)
    {
        KernelCases.SkipUnless(GemmKernel.IsSupported(kernel), kernel);
        Check(Transpose.No, Transpose.No, 33, 40, 20, 1f, 0f, pad: 1, seed: 3, GemmKernel.For(kernel), fillC: float.NaN);
        Check(Transpose.Yes, Transpose.Yes, 8, 32, 256, 1f, 0f, pad: 0, seed: 4, GemmKernel.For(kernel), fillC: float.NaN);
    }

    [Fact]
    public void EmptyDepthScalesC()
    {
        float[] c = [1f, 2f, float.NaN, 4f];
        Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 0, 1f, [], 0, [], 2, 0f, c, 2);
        Assert.Equal(new float[4], c);

        float[] d = [1f, 2f, 3f, 4f];
        Gemm.Multiply(Transpose.Yes, Transpose.No, 2, 2, 0, 1f, [], 2, [], 2, 0.5f, d, 2);
        Assert.Equal([0.5f, 1f, 1.5f, 2f], d);
    }

    [Fact]
    public void EmptyDepthHandsTheScaledOutputToTheEpilogueOnce()
    {
        float[] c = [1f, 2f, 3f, 4f, 5f, 6f];
        var epilogue = new RecordingEpilogue(2, 3);

        Gemm.Multiply(Transpose.No, Transpose.No, 2, 3, 0, 1f, [], 0, [], 3, 0.5f, c, 3, epilogue);

        Assert.Equal([0.5f, 1f, 1.5f, 2f, 2.5f, 3f], c);
        Assert.Equal(c, epilogue.Seen);
        Assert.All(epilogue.Visits, v => Assert.Equal(1, v));
    }

    [Fact]
    public void EmptyOutputLeavesTheBufferUntouched()
    {
        // beta = 0 would overwrite any element the product touched, and NaN inputs would spread into it.
        float[] operand = Enumerable.Repeat(float.NaN, 12).ToArray();
        float[] noRows = [1f, 2f, 3f];
        Gemm.Multiply(Transpose.No, Transpose.No, 0, 3, 4, 1f, [], 4, operand, 3, 0f, noRows, 3);
        Assert.Equal([1f, 2f, 3f], noRows);

        float[] noColumns = [4f, 5f, 6f];
        Gemm.Multiply(Transpose.No, Transpose.No, 3, 0, 4, 1f, operand, 4, [], 0, 0f, noColumns, 0);
        Assert.Equal([4f, 5f, 6f], noColumns);

        // A stored matrix without columns needs no elements, whatever its leading dimension.
        Gemm.Multiply(Transpose.No, Transpose.No, 3, 0, 4, 1f, operand, 4, [], 5, 0f, [], 5);
    }

    [Fact]
    public void ResultDoesNotDependOnThreadCount()
    {
        const int m = 300, n = 200, k = 600;
        float[] a = Random(m * k, 11), b = Random(n * k, 12), c0 = Random(m * n, 13);
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            float[] one = (float[])c0.Clone();
            Gemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 0.7f, a, k, b, k, 0.3f, one, n);

            Parallelism.MaxThreads = 2;
            float[] two = (float[])c0.Clone();
            Gemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 0.7f, a, k, b, k, 0.3f, two, n);

            Parallelism.MaxThreads = 5;
            float[] five = (float[])c0.Clone();
            Gemm.Multiply(Transpose.No, Transpose.Yes, m, n, k, 0.7f, a, k, b, k, 0.3f, five, n);

            Assert.Equal(one, two);
            Assert.Equal(one, five);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void RejectsInvalidArguments()
    {
        float[] a = new float[6], b = new float[6], c = new float[4];
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, -1, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, -3, 1f, a, 3, b, 2, 0f, c, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a, 2, b, 2, 0f, c, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 1));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a.AsSpan(1), 3, b, 2, 0f, c, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a, 3, b.AsSpan(1), 2, 0f, c, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a, 3, b, 2, 0f, c.AsSpan(1), 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.Yes, Transpose.No, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.Yes, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));

        var error = Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 3, 1f, a, 4, b, 2, 0f, c, 2));
        Assert.Equal("a", error.ParamName);
    }

    internal static void Check(
        Transpose ta, Transpose tb, int m, int n, int k, float alpha, float beta, int pad, int seed,
        GemmKernel? kernel = null, float? fillC = null)
    {
        int aRows = ta == Transpose.No ? m : k, aCols = ta == Transpose.No ? k : m;
        int bRows = tb == Transpose.No ? k : n, bCols = tb == Transpose.No ? n : k;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        float[] a = Random(aRows * lda, seed), b = Random(bRows * ldb, seed + 1);
        float[] c = fillC is float fill ? Enumerable.Repeat(fill, m * ldc).ToArray() : Random(m * ldc, seed + 2);
        float[] expected = (float[])c.Clone();
        Reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);

        if (kernel is GemmKernel chosen)
        {
            Gemm.Multiply(chosen, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, null);
        }
        else
        {
            Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                float want = expected[(i * ldc) + j], got = c[(i * ldc) + j];
                if (j >= n)
                {
                    Assert.True(want.Equals(got), $"padding C[{i},{j}] changed ({ta}, {tb}, {m}x{n}x{k})");
                    continue;
                }

                double tolerance = 1e-4 * (1 + Math.Abs(want)) * Math.Sqrt(k + 1);
                Assert.True(
                    Math.Abs(want - got) <= tolerance,
                    $"C[{i},{j}] = {got}, expected {want} ({ta}, {tb}, {m}x{n}x{k}, alpha {alpha}, beta {beta})");
            }
        }
    }

    private static void Reference(
        Transpose ta, Transpose tb, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = ta == Transpose.No ? a[(i * lda) + p] : a[(p * lda) + i];
                    double bv = tb == Transpose.No ? b[(p * ldb) + j] : b[(j * ldb) + p];
                    sum += av * bv;
                }

                int index = (i * ldc) + j;
                c[index] = beta == 0f ? (float)(alpha * sum) : (float)((alpha * sum) + (beta * c[index]));
            }
        }
    }

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>Counts how often each element is handed to the epilogue and keeps its value at that moment.</summary>
    private sealed unsafe class RecordingEpilogue(int m, int n) : IGemmEpilogue
    {
        public int[] Visits { get; } = new int[m * n];

        public float[] Seen { get; } = new float[m * n];

        public ConcurrentBag<(int RowStart, int RowCount, int ColStart, int ColCount)> Blocks { get; } = [];

        public void Apply(int rowStart, int rowCount, int colStart, int colCount, float* block, int ldc)
        {
            Blocks.Add((rowStart, rowCount, colStart, colCount));
            for (int i = 0; i < rowCount; i++)
            {
                for (int j = 0; j < colCount; j++)
                {
                    int index = ((rowStart + i) * n) + colStart + j;
                    Interlocked.Increment(ref Visits[index]);
                    Seen[index] = block[((long)i * ldc) + j];
                }
            }
        }
    }
}
