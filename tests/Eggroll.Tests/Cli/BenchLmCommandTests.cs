using System.Text.Json;
using Eggroll.Cli;

namespace Eggroll.Tests.Cli;

/// <summary><c>bench lm</c> and <c>bench forward --protocol paper</c> on tiny shapes: what they write, not how fast it is.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class BenchLmCommandTests(TemporaryDirectory temporary) : IClassFixture<TemporaryDirectory>
{
    private readonly string directory = temporary.CreateSubdirectory();

    [Fact]
    public void Bench_lm_writes_both_throughputs_and_the_memory_per_member_for_each_population_and_draws_the_chart()
    {
        string json = Path.Combine(directory, "lm.json"), png = Path.Combine(directory, "lm.png");

        var run = CapturedRun.Of(["bench", "lm", "--widths", "32", "--head-size", "16", "--layers", "1", "--population", "2,4", "--no-0.1b", "--warmup", "0", "--repeats", "1", "--threads", "1", "--json", json, "--png", png]);

        Assert.Equal(0, run.ExitCode);
        var results = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([2, 4], results.Select(r => r.GetProperty("population").GetInt32()));
        Assert.All(results, r =>
        {
            Assert.Equal(4 * 1 * ((2 * 32) + (32 * 16)), r.GetProperty("stateBytesPerMember").GetInt64()); // L × (2D + D·N) floats
            Assert.All(["plainTokensPerSecond", "populationTokensPerSecond", "populationPercent"], field => Assert.True(r.GetProperty(field).GetDouble() > 0, field));
            Assert.Equal(JsonValueKind.Number, r.GetProperty("noiseBytesPerMember").ValueKind); // a heap delta: other tests running in this process make its value meaningless here
        });
        Assert.True(new FileInfo(png).Length > 0);
    }

    [Fact]
    public void The_paper_protocol_defaults_to_rank_one_and_three_amortised_updates_while_given_options_win()
    {
        string json = Path.Combine(directory, "paper.json");

        var run = CapturedRun.Of(["bench", "forward", "--protocol", "paper", "--widths", "16", "--population", "8", "--warmup", "0", "--repeats", "1", "--threads", "1", "--json", json]);

        Assert.Equal(0, run.ExitCode);
        var result = Assert.Single(JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("results").EnumerateArray());
        Assert.Equal((16, 1), (result.GetProperty("width").GetInt32(), result.GetProperty("rank").GetInt32()));
        var amortised = result.GetProperty("amortised").EnumerateArray().ToList();
        Assert.Equal([1, 8, 64], amortised.Select(a => a.GetProperty("stepsPerUpdate").GetInt32()));
        Assert.All(amortised, a => Assert.True(a.GetProperty("percent").GetDouble() > 0));
    }

    [Theory]
    [InlineData("bench lm --widths 100", "--widths: every width must be a multiple of --head-size 64, got 100.")]
    [InlineData("bench lm --population-0.1b 1,3", "--population-0.1b: every N above 1 must be even (antithetic pairs), got 3.")]
    [InlineData("bench forward --protocol fast", "--protocol: expects 'default' or 'paper', got 'fast'.")]
    [InlineData("bench forward --update-every 0", "--update-every: expects whole numbers between 1 and 10000 separated by commas, got '0'.")]
    public void Bad_bench_options_are_one_line_user_errors(string commandLine, string expected)
    {
        var run = CapturedRun.Of(commandLine.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {expected}", run.ErrorLine);
    }
}
