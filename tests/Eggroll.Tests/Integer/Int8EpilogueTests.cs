using Eggroll.Numerics;
using Eggroll.Numerics.Int8;
using Eggroll.Tests.Numerics;

namespace Eggroll.Tests.Integer;

/// <summary>The row epilogue of the int8 ops, on its portable and its AVX-512 path, against the int64 formula, bit for bit.</summary>
[Collection(KernelPathCollection.Name)]
public class Int8EpilogueTests
{
    private static readonly KernelLevel[] Paths = [KernelLevel.Portable, KernelLevel.Avx512];

    private const int Shift = 4;

    public static TheoryData<KernelLevel, int, int> PathsColumnsAndRanks => KernelCases.Cross(Paths, ColumnsAndRanks());

    public static TheoryData<KernelLevel, int, int> PathsAtTheBound =>
        KernelCases.Cross(Paths, new TheoryData<int, int> { { 33, 1 }, { 129, 4 }, { 16, 16 } });

    public static TheoryData<KernelLevel, int> PathsAndInputs()
    {
        var data = new TheoryData<KernelLevel, int>();
        foreach (KernelLevel path in Paths)
        {
            foreach (int inputs in new[] { 2, 3, 48, 512, 65_793 })
            {
                data.Add(path, inputs);
            }
        }

        return data;
    }

    private static TheoryData<int, int> ColumnsAndRanks()
    {
        var data = new TheoryData<int, int>();
        foreach (int columns in new[] { 1, 7, 16, 33, 129 })
        {
            foreach (int rank in new[] { 0, 1, 2, 3, 4, 16 })
            {
                data.Add(columns, rank);
            }
        }

        return data;
    }

    private static Int8OutputScale[] Scales => [new(64), new(1), new(48), Int8OutputScale.Identity];

    [SkippableTheory]
    [MemberData(nameof(PathsColumnsAndRanks))]
    public void Every_width_and_rank_equals_the_int64_formula(KernelLevel path, int columns, int rank)
    {
        using var forced = KernelCases.ForceRowOps(path);
        var random = new Random((columns * 100) + rank);
        int largest = rank == 0 ? 0 : int.MaxValue / 128 / rank;
        foreach (var scale in Scales)
        {
            foreach (int magnitude in new[] { 64, 1 << 14, largest })
            {
                var acc = Enumerable.Range(0, columns).Select(_ => random.Next(-(1 << 30), 1 << 30)).ToArray();
                var projections = Enumerable.Range(0, rank).Select(_ => random.Next(-magnitude, magnitude + 1)).ToArray();
                var factors = Int8GemmTests.RandomBytes(random, rank * columns);
                AssertMatchesFormula(acc, projections, factors, scale);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(PathsAtTheBound))]
    public void Rows_at_the_int32_bound_and_past_it_stay_exact(KernelLevel path, int columns, int rank)
    {
        using var forced = KernelCases.ForceRowOps(path);
        int bound = int.MaxValue / 128 / rank;
        var factors = Enumerable.Repeat((sbyte)-128, rank * columns).ToArray();
        factors[^1] = 127;
        foreach (int u in new[] { bound, -bound, bound + 1, -bound - 1, int.MaxValue / 2 })
        {
            var projections = Enumerable.Repeat(u, rank).ToArray();
            Assert.Equal(Math.Abs((long)u) * rank <= int.MaxValue / 128, Int8Epilogue.FitsInt32(projections, Shift));
            foreach (var scale in Scales)
            {
                AssertMatchesFormula(Enumerable.Repeat(-1_077_952_512, columns).ToArray(), projections, factors, scale);
                AssertMatchesFormula(Enumerable.Repeat(1_077_952_512, columns).ToArray(), projections, factors, scale);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(PathsAndInputs))]
    public void Floor_division_is_exact_next_to_every_multiple_of_the_divisor(KernelLevel path, int inputs)
    {
        using var forced = KernelCases.ForceRowOps(path);
        var scale = new Int8OutputScale(inputs);
        long d = scale.Divisor;
        Assert.True(d > 0);
        var acc = new List<int>();
        foreach (long m in new[] { 0L, 1, -1, 127, -127, 128, -128, 1000, -1000, int.MaxValue / d, int.MinValue / d })
        {
            acc.AddRange(new[] { (m * d) - 1, m * d, (m * d) + 1 }.Where(v => v is >= int.MinValue and <= int.MaxValue).Select(v => (int)v));
        }

        acc.AddRange([int.MaxValue, int.MinValue, int.MinValue + 1]);
        while (acc.Count % 16 != 0)
        {
            acc.Add(0);
        }

        AssertMatchesFormula(acc.ToArray(), [], [], scale);
    }

    [Fact]
    public void Int32_path_needs_a_bounded_correction_and_a_shift_of_at_least_four()
    {
        Assert.True(Int8Epilogue.FitsInt32([], 0));
        Assert.True(Int8Epilogue.FitsInt32([0, 0], 0));
        Assert.True(Int8Epilogue.FitsInt32([3000, -4000, 2500], 4));
        Assert.False(Int8Epilogue.FitsInt32([3000], 3));
        Assert.False(Int8Epilogue.FitsInt32([int.MinValue], 8));
    }

    private static void AssertMatchesFormula(int[] acc, int[] projections, sbyte[] factors, Int8OutputScale scale)
    {
        int n = acc.Length;
        var output = new sbyte[n];
        Int8Epilogue.Apply(acc, projections, factors, Shift, scale, output);
        for (int j = 0; j < n; j++)
        {
            long correction = 0;
            for (int q = 0; q < projections.Length; q++)
            {
                correction += (long)projections[q] * factors[(q * n) + j];
            }

            Assert.Equal(scale.Apply(acc[j] + (correction >> Shift)), output[j]);
        }
    }
}
