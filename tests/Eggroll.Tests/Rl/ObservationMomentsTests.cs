using Eggroll.Tasks.Rl;

namespace Eggroll.Tests.Rl;

/// <summary>
/// <see cref="ObservationMoments"/> against two-pass means and variances computed directly, and the normaliser fed
/// members' moments against the same observations recorded one by one.
/// </summary>
public sealed class ObservationMomentsTests
{
    private static readonly float[][] Observations = [[1, 10, -2], [2, 20, 0.25f], [4, 0, 3], [-3, 5, 3], [0.5f, 7, -8], [6, -1, 1], [2, 2, 2]];

    [Fact]
    public void RecordingGivesTheCountTheMeanAndTheSumOfSquaredDeviations()
    {
        double[] block = new double[ObservationMoments.BlockLength(3)];
        foreach (var observation in Observations)
        {
            ObservationMoments.Record(block, observation);
        }

        AssertMomentsOf(Observations, block);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void MergingTheMomentsOfTwoPartsGivesTheMomentsOfTheWhole(int split)
    {
        double[] first = MomentsOf(Observations.Take(split)), second = MomentsOf(Observations.Skip(split));

        ObservationMoments.Merge(first, second);

        AssertMomentsOf(Observations, first);
    }

    [Fact]
    public void MomentsMergedIntoAnEmptyBlockAreCopiedExactly()
    {
        double[] moments = MomentsOf(Observations), empty = new double[moments.Length];

        ObservationMoments.Merge(empty, moments);

        Assert.Equal(moments, empty);
    }

    [Theory]
    [InlineData(new[] { -1.0, 0, 0, 0, 0, 0, 0 }, "count -1 is not a whole number")]
    [InlineData(new[] { 2.5, 0, 0, 0, 0, 0, 0 }, "count 2.5 is not a whole number")]
    [InlineData(new[] { double.NaN, 0, 0, 0, 0, 0, 0 }, "count NaN")]
    [InlineData(new[] { 3.0, 0, double.PositiveInfinity, 0, 0, 0, 0 }, "value 1: mean Infinity")]
    [InlineData(new[] { 3.0, 0, 0, 0, 0, 0, -0.5 }, "value 2: mean 0, M2 -0.5")]
    [InlineData(new[] { 0.0, 1, 0, 0, 0, 0, 0 }, "value 0: mean 1, M2 0 over 0 observations")]
    public void MomentsNoObservationsCouldHaveGivenAreDescribed(double[] block, string problem)
    {
        Assert.StartsWith(problem, ObservationMoments.Problem(block), StringComparison.Ordinal);
    }

    [Fact]
    public void MomentsOfRealObservationsHaveNoProblem()
    {
        Assert.Null(ObservationMoments.Problem(MomentsOf(Observations)));
        Assert.Null(ObservationMoments.Problem(new double[7]));
    }

    [Fact]
    public void TheNormaliserFedMembersMomentsInMemberOrderEndsWhereRecordingEveryObservationEnds()
    {
        var recorded = new ObservationNormalizer(3);
        var merged = new ObservationNormalizer(3);
        int[] membersObservations = [2, 0, 4, 1];
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var members = new List<double>();
            int next = 0;
            foreach (int count in membersObservations)
            {
                var own = Observations.Skip(next).Take(count).Select(o => o.Select(v => v + epoch).ToArray()).ToList();
                own.ForEach(o => recorded.Record(o));
                members.AddRange(MomentsOf(own));
                next = (next + count) % 3;
            }

            recorded.Commit();
            merged.Commit(members.ToArray());
        }

        Assert.Equal(recorded.Count, merged.Count);
        Assert.Equal(14, merged.Count);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(recorded.Mean[j], merged.Mean[j], 5);
            Assert.Equal(recorded.Variance[j], merged.Variance[j], 4);
        }
    }

    private static double[] MomentsOf(IEnumerable<float[]> observations)
    {
        double[] block = new double[ObservationMoments.BlockLength(3)];
        foreach (var observation in observations)
        {
            ObservationMoments.Record(block, observation);
        }

        return block;
    }

    private static void AssertMomentsOf(float[][] observations, double[] block)
    {
        Assert.Equal(observations.Length, block[0]);
        for (int j = 0; j < 3; j++)
        {
            double mean = observations.Average(o => (double)o[j]);
            double m2 = observations.Sum(o => (o[j] - mean) * (o[j] - mean));
            Assert.Equal(mean, block[1 + j], 12);
            Assert.Equal(m2, block[4 + j], 10);
        }
    }
}
