using System.Text.Json.Nodes;
using Eggroll.Cli;
using Eggroll.Tasks.Experiments;

namespace Eggroll.Tests.Experiments;

/// <summary>
/// The rank experiment: that it runs end to end, and that what it measures is real. With
/// fixed seeds every number below is deterministic.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class RankExperimentTests : IClassFixture<TemporaryDirectory>
{
    private static readonly RankExperimentOptions RankOne = new()
    {
        Size = 4,
        InputRows = 4,
        Members = 256,
        Seeds = 100,
        ReferenceSeeds = 100,
        Sigma = 0.6f,
        MaxRank = 1,
    };

    private readonly string directory;

    public RankExperimentTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void TinyRunWritesTheLibrarysMeasurementsToJsonAndAPlot()
    {
        string output = Path.Combine(directory, "rank");

        int code = EggrollCli.Run(["experiment", "rank", "--size", "4", "--input-rows", "2", "--members", "32", "--seeds", "4", "--max-rank", "4", "--out", output]);

        Assert.Equal(0, code);
        Assert.True(new FileInfo(Path.Combine(output, "rank.png")).Length > 0);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "rank.json")))!;
        var expected = RankExperiment.Run(new RankExperimentOptions { Size = 4, InputRows = 2, Members = 32, Seeds = 4, ReferenceSeeds = 8, MaxRank = 4 });
        Assert.Equal([1, 2, 4], expected.Points.Select(p => p.Rank));
        Assert.All(expected.Points, p => Assert.True(double.IsFinite(p.Distance) && p.NoiseFloor > 0 && p.Exact > 0));
        var points = json["points"]!.AsArray();
        Assert.Equal(expected.Points.Count, points.Count);
        for (int i = 0; i < points.Count; i++)
        {
            Assert.Equal(expected.Points[i].Rank, points[i]!["rank"]!.GetValue<int>());
            Assert.Equal(expected.Points[i].Distance, points[i]!["distance"]!.GetValue<double>());
            Assert.Equal(expected.Points[i].NoiseFloor, points[i]!["noiseFloor"]!.GetValue<double>());
            Assert.Equal(expected.Points[i].Exact, points[i]!["exact"]!.GetValue<double>());
        }

        Assert.Equal(expected.ReferenceNorm, json["referenceNorm"]!.GetValue<double>());
    }

    [Fact]
    public void SineGapAtRankOneIsFarAboveTheNoiseAndMatchesTheClosedForm()
    {
        var point = RankExperiment.Run(RankOne).Points.Single();

        Assert.True(point.Distance > 5 * point.NoiseFloor, $"d(1) = {point.Distance}, floor {point.NoiseFloor}");
        Assert.True(Math.Abs(point.Distance - point.Exact!.Value) < 2 * point.NoiseFloor, $"d(1) = {point.Distance}, exact {point.Exact}, floor {point.NoiseFloor}");
    }

    [Fact]
    public void QuadraticFitnessShowsNoGapAtRankOne()
    {
        var point = RankExperiment.Run(RankOne with { Readout = ReadoutKind.Square }).Points.Single();

        Assert.True(point.Distance < 2 * point.NoiseFloor, $"d(1) = {point.Distance}, floor {point.NoiseFloor}");
        Assert.Null(point.Exact);
    }

    [Fact]
    public void ExactGapShrinksLikeOneOverRank()
    {
        var objective = new ReadoutObjective(new Eggroll.Models.Linear(8, 8, new Random(1), bias: false), ReadoutKind.Sine, 4, 1);
        var full = SineReadoutTheory.ExpectedUpdate(objective, 0.42, rank: null);
        double Gap(int rank) => Distance(SineReadoutTheory.ExpectedUpdate(objective, 0.42, rank), full);

        double ratio = Gap(1024) / Gap(2048);

        Assert.InRange(ratio, 1.95, 2.05);
    }

    private static double Distance(double[] a, double[] b) =>
        Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum() / b.Sum(y => y * y));
}
