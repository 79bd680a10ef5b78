using System.Text.RegularExpressions;
using Eggroll.Tasks.Countdown;

namespace Eggroll.Tests.Countdown;

/// <summary>The base-model corpus: easier problems within their difficulty, worked solutions that verify, expressions with their true values.</summary>
public sealed partial class CountdownCorpusTests
{
    [Fact]
    public void Easy_problems_stay_within_the_difficulty_and_their_steps_replay_to_the_target()
    {
        var easy = CountdownDifficulty.Easy;
        foreach (var problem in CountdownGenerator.Generate(300, seed: 4, difficulty: easy))
        {
            Assert.InRange(problem.Numbers.Length, easy.MinNumbers, easy.MaxNumbers);
            Assert.All(problem.Numbers, n => Assert.InRange(n, 1, easy.MaxNumber));
            Assert.InRange(problem.Target, easy.MinTarget, easy.MaxTarget);
            Assert.Equal(problem.Numbers.Length - 1, problem.Steps.Count);
            var pool = problem.Numbers.Select(n => (long)n).ToList();
            foreach (string step in problem.Steps)
            {
                var match = StepPattern().Match(step);
                Assert.True(match.Success, step);
                long left = long.Parse(match.Groups[1].Value), right = long.Parse(match.Groups[3].Value), value = long.Parse(match.Groups[4].Value);
                Assert.True(pool.Remove(left) && pool.Remove(right), $"{step} uses a value that is not available in {problem}");
                Assert.Equal(match.Groups[2].Value switch { "+" => left + right, "-" => left - right, "*" => left * right, _ => left / right }, value);
                pool.Add(value);
            }

            Assert.Equal([(long)problem.Target], pool);
        }
    }

    [Fact]
    public void Worked_documents_verify_and_expression_documents_state_their_value()
    {
        var prompt = CountdownPrompt.Compact;
        int worked = 0, expressions = 0;
        for (int i = 0; i < 200; i++)
        {
            string document = CountdownCorpus.Document(9, i, CountdownDifficulty.Easy, prompt);
            if (document.StartsWith("Numbers: ", StringComparison.Ordinal))
            {
                worked++;
                var problem = CountdownGenerator.Problem(9, CountdownSplit.Train, i, CountdownDifficulty.Easy);
                Assert.Equal(prompt.Format(problem) + CountdownPrompt.Completion(problem), document);
                Assert.Equal(CountdownVerdict.Correct, CountdownVerifier.Score(problem.Numbers, problem.Target, CountdownPrompt.Completion(problem)).Verdict);
            }
            else
            {
                expressions++;
                var parts = document.Split(" = ");
                Assert.Equal(2, parts.Length);
                var numbers = Regex.Matches(parts[0], "[0-9]+").Select(m => int.Parse(m.Value)).ToArray();
                Assert.Equal(CountdownVerdict.Correct, CountdownVerifier.Score(numbers, int.Parse(parts[1]), parts[0]).Verdict);
            }
        }

        Assert.InRange(worked, 60, 140);
        Assert.Equal(200, worked + expressions);
    }

    [Fact]
    public void The_corpus_is_a_function_of_the_seed()
    {
        string Write(ulong seed)
        {
            using var writer = new StringWriter();
            CountdownCorpus.Write(writer, 50, seed, CountdownDifficulty.Easy, CountdownPrompt.Compact);
            return writer.ToString();
        }

        Assert.Equal(Write(3), Write(3));
        Assert.NotEqual(Write(3), Write(4));
        Assert.Equal(50, Write(3).Count(c => c == '\n') - Write(3).Split('\n').Count(l => l.StartsWith("Numbers: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_unreachable_difficulty_is_refused_naming_the_field()
    {
        var error = Assert.Throws<ConfigException>(() => new CountdownDifficulty { MinNumbers = 2, MaxNumbers = 2, MaxNumber = 5, MinTarget = 26, MaxTarget = 30 }.Validate("task.difficulty."));

        Assert.Equal("task.difficulty.minTarget", error.Field);
    }

    [GeneratedRegex(@"^([0-9]+) ([-+*/]) ([0-9]+) = ([0-9]+)$")]
    private static partial Regex StepPattern();
}
