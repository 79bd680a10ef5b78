using Eggroll.Noise;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>
/// The integer strategy's noise and update pieces one by one: the int8 table (docs/algorithm.md §4.2), the
/// matrix noise's slicing into factors, the update's workspace, its edge cases and the int8 parameter.
/// </summary>
public sealed class Int8NoiseTests
{
    private const ulong Seed = 11;

    [Fact]
    public void TheTableIsSixteenTimesTheLibrarysGaussianStreamRoundedToTheNearestInteger()
    {
        var table = new Int8NoiseTable(Seed, maxSlice: 100, offsets: 4000);
        var normals = new float[4100];
        GaussianNoise.Fill(new NoiseKey(Seed, 0xFFFF_FFF0, 0, 0), normals);

        Assert.Equal(4000, table.Offsets);
        Assert.Equal(100, table.MaxSlice);
        Assert.Equal(4100, table.Values.Length);
        for (int i = 0; i < normals.Length; i++)
        {
            Assert.Equal(Math.Round(16.0 * normals[i], MidpointRounding.ToEven), table.Values[i]);
        }

        Assert.Equal(normals.Average(z => Math.Pow(Math.Round(16.0 * z, MidpointRounding.ToEven), 2)), table.MeanSquare, 9);
        Assert.InRange(table.MeanSquare, 240, 272);
        Assert.NotEqual(table.Values.ToArray(), new Int8NoiseTable(Seed + 1, maxSlice: 100, offsets: 4000).Values.ToArray());
    }

    [Fact]
    public void SliceStartsAreUniformOverTheOffsetsAndDependOnKeyEpochAndPair()
    {
        var table = new Int8NoiseTable(Seed, maxSlice: 8, offsets: 64);
        var counts = new int[64];
        for (uint pair = 0; pair < 6400; pair++)
        {
            int offset = table.Offset(parameterKey: 3, noiseEpoch: 2, pair);
            Assert.InRange(offset, 0, 63);
            counts[offset]++;
        }

        // χ² with 63 degrees of freedom: mean 63, 0.999 quantile about 104.
        double chiSquare = counts.Sum(c => (c - 100.0) * (c - 100.0) / 100.0);
        Assert.InRange(chiSquare, 20, 104);

        var large = new Int8NoiseTable(Seed, maxSlice: 8);
        int[] starts = [.. Enumerable.Range(0, 200).Select(p => large.Offset(3, 2, (uint)p))];
        Assert.InRange(starts.Average(), 0.4 * Int8NoiseTable.DefaultOffsets, 0.6 * Int8NoiseTable.DefaultOffsets);
        Assert.Equal(200, starts.Distinct().Count());
        Assert.NotEqual(starts[0], large.Offset(4, 2, 0));
        Assert.NotEqual(starts[0], large.Offset(3, 3, 0));
        Assert.NotEqual(starts[0], new Int8NoiseTable(Seed + 1, maxSlice: 8).Offset(3, 2, 0));
        Assert.NotEqual(starts[0], new Int8NoiseTable(Seed + (1ul << 32), maxSlice: 8).Offset(3, 2, 0));
    }

    [Fact]
    public void ASliceIsTheTableFromItsOffsetAndMayNotExceedTheMaximum()
    {
        var table = new Int8NoiseTable(Seed, maxSlice: 10, offsets: 50);

        Assert.Equal(table.Values.Slice(table.Offset(1, 0, 5), 10).ToArray(), table.Slice(1, 0, 5, 10).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Slice(1, 0, 5, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Int8NoiseTable(Seed, maxSlice: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Int8NoiseTable(Seed, maxSlice: 4, offsets: 0));
    }

    [Fact]
    public void AMatrixsFactorsAreItsPairsSliceAFirstThenBRowByRow()
    {
        var table = new Int8NoiseTable(Seed, maxSlice: 2 * (3 + 5), offsets: 500);
        var noise = new Int8MatrixNoise(table, parameterKey: 7, noiseEpoch: 4, pairs: 3, rank: 2, outputs: 3, inputs: 5, sigmaShift: 2, rowsPerMember: 2);

        Assert.Equal((3, 2, 3, 5, 2, 6), (noise.Pairs, noise.Rank, noise.Outputs, noise.Inputs, noise.RowsPerMember, noise.Shift));
        for (int p = 0; p < 3; p++)
        {
            var slice = table.Slice(7, 4, (uint)p, 16).ToArray();
            Assert.Equal(slice[..6], noise.A(p).ToArray());
            Assert.Equal(slice[6..], noise.B(p).ToArray());
            Assert.Equal(slice[3..6], noise.A(p, 1).ToArray());
            Assert.Equal(slice[11..16], noise.B(p, 1).ToArray());
        }

        noise.Load(5);
        Assert.Equal(table.Slice(7, 5, 2, 16).ToArray()[..6], noise.A(2).ToArray());
    }

    [Fact]
    public void EveryRowBelongsToItsMembersPairWithThatMembersSign()
    {
        var noise = new Int8MatrixNoise(new Int8NoiseTable(Seed, maxSlice: 4, offsets: 10), 0, 0, pairs: 2, rank: 1, outputs: 2, inputs: 2, sigmaShift: 0, rowsPerMember: 3);

        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], Enumerable.Range(0, 12).Select(noise.PairOf));
        Assert.Equal([1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1, -1], Enumerable.Range(0, 12).Select(noise.SignOf));
    }

    [Theory]
    [InlineData(0, 1, 1, 0)]
    [InlineData(1, 0, 1, 0)]
    [InlineData(1, 1, 0, 0)]
    [InlineData(1, 1, 1, -1)]
    [InlineData(1, 2, 1, 0)]
    public void MatrixNoiseRefusesSizesOutsideTheTable(int pairs, int rank, int rowsPerMember, int sigmaShift)
    {
        var table = new Int8NoiseTable(Seed, maxSlice: 5, offsets: 10);

        Assert.Throws<ArgumentOutOfRangeException>(() => new Int8MatrixNoise(table, 0, 0, pairs, rank, outputs: 2, inputs: 3, sigmaShift, rowsPerMember));
    }

    [Fact]
    public void AWorkspaceIsSizedForTheLargestMatrixAndRefusesOneItWasNotSizedFor()
    {
        var table = new Int8NoiseTable(Seed, maxSlice: 40, offsets: 100);
        var small = new Int8MatrixNoise(table, 0, 0, pairs: 2, rank: 1, outputs: 3, inputs: 4, sigmaShift: 0, rowsPerMember: 1);
        var wide = new Int8MatrixNoise(table, 1, 0, pairs: 3, rank: 2, outputs: 2, inputs: 9, sigmaShift: 0, rowsPerMember: 1);

        var workspace = new Int8UpdateWorkspace([small, wide]);

        Assert.Equal(3 * 6, workspace.Left.Length);
        Assert.Equal(9 * 6, workspace.Right.Length);
        var error = Assert.Throws<ArgumentException>(() => Int8Update.Accumulate(wide, [1, 1, 1], new int[18], new Int8UpdateWorkspace([small])));
        Assert.Contains("3 active pairs of rank 2 on a 2×9 matrix need 12 and 54", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Int8UpdateWorkspace([]));
    }

    [Fact]
    public void AWorkspaceTooSmallOnOneSideOnlyIsRefusedToo()
    {
        var table = new Int8NoiseTable(Seed, maxSlice: 40, offsets: 100);
        var tall = new Int8MatrixNoise(table, 0, 0, pairs: 2, rank: 1, outputs: 9, inputs: 2, sigmaShift: 0, rowsPerMember: 1);
        var wide = new Int8MatrixNoise(table, 1, 0, pairs: 2, rank: 1, outputs: 2, inputs: 9, sigmaShift: 0, rowsPerMember: 1);

        Assert.Throws<ArgumentException>(() => Int8Update.Accumulate(wide, [1, 1], new int[18], new Int8UpdateWorkspace([tall])));
        Assert.Throws<ArgumentException>(() => Int8Update.Accumulate(tall, [1, 1], new int[18], new Int8UpdateWorkspace([wide])));
    }

    [Fact]
    public void MissingArgumentsAreRefusedAsNull()
    {
        var table = new Int8NoiseTable(Seed, maxSlice: 10, offsets: 10);
        var noise = new Int8MatrixNoise(table, 0, 0, pairs: 1, rank: 1, outputs: 2, inputs: 3, sigmaShift: 0, rowsPerMember: 1);

        Assert.Throws<ArgumentNullException>(() => new Int8MatrixNoise(null!, 0, 0, 1, 1, 2, 3, 0, 1));
        Assert.Throws<ArgumentNullException>(() => Int8Update.Accumulate(null!, [1], new int[6], new Int8UpdateWorkspace([noise])));
        Assert.Throws<ArgumentNullException>(() => Int8Update.Accumulate(noise, [1], new int[6], null!));
        Assert.Throws<ArgumentNullException>(() => new Int8UpdateWorkspace(null!));
        Assert.Throws<ArgumentNullException>(() => new Int8Parameter("w", 0, 1, 1, null!));
    }

    [Fact]
    public void AlphaDecaysAsAlphaZeroOverDecayTimesEpochPlusOne()
    {
        var options = new Int8UpdateOptions { Alpha = 0.6, AlphaDecay = 0.015 };

        Assert.Equal(0.6, options.AlphaAt(0));
        Assert.Equal(0.24, options.AlphaAt(100), 12);
        Assert.Equal(0.6, (options with { AlphaDecay = 0 }).AlphaAt(1000));
    }

    [Fact]
    public void WithNoActivePairTheUpdateIsZeroAndAWeightAtTheThresholdStays()
    {
        var table = new Int8NoiseTable(Seed, maxSlice: 10, offsets: 100);
        var noise = new Int8MatrixNoise(table, 0, 0, pairs: 2, rank: 1, outputs: 2, inputs: 3, sigmaShift: 0, rowsPerMember: 1);
        int[] z = [5, -5, 7, 1, 2, 3, 99];

        Assert.Equal(0, Int8Update.Accumulate(noise, [0, 0], z, new Int8UpdateWorkspace([noise])));
        Assert.Equal([0, 0, 0, 0, 0, 0, 99], z);

        sbyte[] weights = [3, 3, 3];
        Assert.Equal(1, Int8Update.Apply([4, -4, 5], threshold: 4, weights));
        Assert.Equal([3, 3, 4], weights.Select(w => (int)w));
    }

    [Fact]
    public void TheRankTwoUpdateSumsBothFactorProductsOfEveryActivePair()
    {
        var table = new Int8NoiseTable(Seed, maxSlice: 2 * (2 + 3), offsets: 100);
        var noise = new Int8MatrixNoise(table, 0, 0, pairs: 3, rank: 2, outputs: 2, inputs: 3, sigmaShift: 0, rowsPerMember: 1);
        sbyte[] fitness = [-1, 0, 1];
        var z = new int[6];

        Assert.Equal(2, Int8Update.Accumulate(noise, fitness, z, new Int8UpdateWorkspace([noise])));

        for (int j = 0; j < 2; j++)
        {
            for (int k = 0; k < 3; k++)
            {
                int expected = 0;
                for (int p = 0; p < 3; p++)
                {
                    for (int q = 0; q < 2; q++)
                    {
                        expected += fitness[p] * noise.A(p, q)[j] * noise.B(p, q)[k];
                    }
                }

                Assert.Equal(expected, z[(j * 3) + k]);
            }
        }
    }

    [Fact]
    public void AnInt8ParameterKeepsItsShapeAndRefusesTheWrongNumberOfValues()
    {
        var parameter = new Int8Parameter("layers.0.up", 4, rows: 2, cols: 3, [1, 2, 3, 4, 5, 6]);

        Assert.Equal(("layers.0.up", 4, 2, 3), (parameter.Name, parameter.Id, parameter.Rows, parameter.Cols));
        Assert.Equal((2, 3), (parameter.Packed.Rows, parameter.Packed.Columns));
        var error = Assert.Throws<ArgumentException>(() => new Int8Parameter("emb", 0, rows: 2, cols: 3, [1, 2, 3]));
        Assert.Equal("Parameter 'emb' is 2×3 but has 3 values. (Parameter 'value')", error.Message);
    }
}
