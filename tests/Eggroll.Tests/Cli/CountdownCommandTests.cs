using System.Text.Json;

namespace Eggroll.Tests.Cli;

/// <summary><c>eggroll countdown generate</c> and <c>countdown score</c> print the documented JSON.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class CountdownCommandTests
{
    [Fact]
    public void Generate_prints_one_json_line_per_problem_with_numbers_target_and_solution()
    {
        var run = CapturedRun.Of(["countdown", "generate", "--count", "3", "--seed", "3"]);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(["numbers", "target", "solution"], first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("5 * (47 - 23)", first.RootElement.GetProperty("solution").GetString());
    }

    [Fact]
    public void Score_prints_the_reward_and_the_reason()
    {
        var run = CapturedRun.Of(["countdown", "score", "--numbers", "25,3,7,12", "--target", "331", "--answer", "<answer>(25 + 3) × 12 − 7</answer>", "--rewards", "tiny-zero"]);

        Assert.Equal(0, run.ExitCode);
        using var result = JsonDocument.Parse(run.Output);
        Assert.Equal(0.1, result.RootElement.GetProperty("reward").GetDouble());
        Assert.Equal("value 329, target 331", result.RootElement.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("--numbers", "25,x,7", "--numbers: 'x' is not a whole number")]
    [InlineData("--rewards", "generous", "--rewards: 'generous' is not one of reasoningGym, tinyZero")]
    public void Bad_options_are_a_one_line_user_error(string option, string value, string message)
    {
        var options = new Dictionary<string, string> { ["--numbers"] = "25,3,7,12", ["--target"] = "331", ["--answer"] = "1", ["--rewards"] = "tinyZero" };
        options[option] = value;
        var run = CapturedRun.Of(["countdown", "score", .. options.SelectMany(o => new[] { o.Key, o.Value })]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.ErrorLine);
    }
}
