using System.Text.Json;
using Eggroll.IO;

namespace Eggroll.Tests.IO;

/// <summary>The shared JSON conventions: numbers JSON cannot hold.</summary>
public sealed class JsonDefaultsTests
{
    private sealed record Sample(double Mean, float Sigma, double[] Returns, float? Missing, Dictionary<string, double> Norms);

    [Fact]
    public void NaN_and_infinities_are_written_as_null_and_finite_numbers_unchanged()
    {
        var sample = new Sample(double.NaN, float.PositiveInfinity, [1.5, double.NegativeInfinity, 0.1], float.NaN, new() { ["w"] = double.NaN, ["b"] = 2 });

        string json = JsonSerializer.Serialize(sample, JsonDefaults.Compact);

        Assert.Equal("""{"mean":null,"sigma":null,"returns":[1.5,null,0.1],"missing":null,"norms":{"w":null,"b":2}}""", json);
        Assert.Equal("0.1", JsonSerializer.Serialize(0.1f, JsonDefaults.Options));
        Assert.Equal("1E+300", JsonSerializer.Serialize(1e300, JsonDefaults.Options));
    }

    [Fact]
    public void Null_and_the_named_literals_read_back_as_non_finite_numbers()
    {
        var sample = JsonSerializer.Deserialize<Sample>("""{"mean":null,"sigma":"-Infinity","returns":[0.25,"NaN",null],"missing":null,"norms":{"w":"Infinity"}}""", JsonDefaults.Options)!;

        Assert.True(double.IsNaN(sample.Mean));
        Assert.Equal(float.NegativeInfinity, sample.Sigma);
        Assert.Equal(0.25, sample.Returns[0]);
        Assert.True(double.IsNaN(sample.Returns[1]) && double.IsNaN(sample.Returns[2]));
        Assert.Null(sample.Missing);
        Assert.Equal(double.PositiveInfinity, sample.Norms["w"]);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<double>("\"1.5\"", JsonDefaults.Options));
    }
}
