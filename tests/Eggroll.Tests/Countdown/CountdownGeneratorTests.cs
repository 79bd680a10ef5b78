using Eggroll.Tasks.Countdown;

namespace Eggroll.Tests.Countdown;

/// <summary>The generator's problems follow the task's rules, and its streams are fixed by (seed, split, index).</summary>
public sealed class CountdownGeneratorTests
{
    [Fact]
    public void Every_problem_follows_the_rules_and_its_solution_verifies()
    {
        foreach (var split in new[] { CountdownSplit.Train, CountdownSplit.Validation })
        {
            foreach (var problem in CountdownGenerator.Generate(500, seed: 7, split))
            {
                Assert.InRange(problem.Numbers.Length, 3, 4);
                Assert.All(problem.Numbers, n => Assert.InRange(n, 1, 100));
                Assert.InRange(problem.Target, 100, 999);
                var score = CountdownVerifier.Score(problem.Numbers, problem.Target, problem.Solution);
                Assert.True(score.Verdict == CountdownVerdict.Correct, $"{problem}: {score.Reason}");
            }
        }
    }

    [Fact]
    public void Both_sizes_of_problem_occur()
    {
        var sizes = CountdownGenerator.Generate(200, seed: 3).Select(p => p.Numbers.Length).ToHashSet();
        Assert.Equal([3, 4], sizes.Order());
    }

    [Fact]
    public void A_problem_depends_on_seed_split_and_index_only()
    {
        var whole = CountdownGenerator.Generate(20, seed: 5);
        var tail = CountdownGenerator.Generate(5, seed: 5, first: 15);

        Assert.Equal(whole.Skip(15).Select(p => p.Solution), tail.Select(p => p.Solution));
        Assert.Equal(whole.Select(p => p.Solution), CountdownGenerator.Generate(20, seed: 5).Select(p => p.Solution));
        Assert.NotEqual(whole.Select(p => p.Solution), CountdownGenerator.Generate(20, seed: 6).Select(p => p.Solution));
        Assert.NotEqual(whole.Select(p => p.Solution), CountdownGenerator.Generate(20, seed: 5, CountdownSplit.Validation).Select(p => p.Solution));
    }

    [Fact]
    public void The_prompt_names_the_numbers_and_the_target()
    {
        var problem = new CountdownProblem([25, 3, 7, 12], 331, "");

        Assert.Equal("Use [25, 3, 7, 12] to make 331.", new CountdownPrompt("Use {numbers} to make {target}.").Format(problem));
        Assert.Contains("Numbers: [25, 3, 7, 12]. Target: 331.", CountdownPrompt.Default.Format(problem));
        Assert.Contains("<answer>", CountdownPrompt.Default.Format(problem));
    }
}
