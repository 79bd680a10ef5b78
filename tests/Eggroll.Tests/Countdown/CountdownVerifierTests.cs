using Eggroll.Tasks.Countdown;

namespace Eggroll.Tests.Countdown;

/// <summary>The verifier case by case: what counts as correct, and the reward of every other verdict.</summary>
public sealed class CountdownVerifierTests
{
    private static readonly int[] Numbers = [25, 3, 7, 12];

    [Theory]
    [InlineData("25 * 12 + 3 * 7 + 10")] // a number that is not given
    [InlineData("25 * 12 + 3 * 7 + 7 + 3")] // extra numbers
    [InlineData("25 * 12 + 31")] // 3 and 7 missing
    [InlineData("25 * 12 + 7")] // 3 missing
    [InlineData("25 * 12 + 3 * 7 + 3")] // 3 used twice
    public void Numbers_must_be_exactly_the_given_multiset(string answer)
    {
        var score = CountdownVerifier.Score(Numbers, 331, answer);

        Assert.Equal(CountdownVerdict.WrongNumbers, score.Verdict);
        Assert.Equal(0.05, score.Reward);
        Assert.EndsWith("must use each of [25, 3, 7, 12] exactly once", score.Reason);
    }

    [Fact]
    public void Every_given_number_once_but_another_value_is_a_wrong_value()
    {
        var score = CountdownVerifier.Score(Numbers, 331, "25 * 12 + 7 * 3");

        Assert.Equal(CountdownVerdict.WrongValue, score.Verdict);
        Assert.Equal("value 321, target 331", score.Reason);
        Assert.Equal(0.05, score.Reward);
    }

    [Theory]
    [InlineData("25 * 12 + 3 + 7", 310)]
    [InlineData("3 * 7 + 25 * 12", 321)]
    [InlineData("(25 - 12) * 7 * 3", 273)]
    [InlineData("25*12+7+3", 310)]
    [InlineData("(25 + 7) * 12 - 3", 381)]
    public void A_correct_answer_scores_one(string answer, int target)
    {
        var score = CountdownVerifier.Score(Numbers, target, answer);

        Assert.Equal(CountdownVerdict.Correct, score.Verdict);
        Assert.Equal(1.0, score.Reward);
        Assert.Equal("correct", score.Reason);
    }

    [Fact]
    public void Division_by_zero_is_unparseable()
    {
        var score = CountdownVerifier.Score([12, 7, 7, 3], 4, "12 / (7 - 7) + 3");

        Assert.Equal(CountdownVerdict.Unparseable, score.Verdict);
        Assert.Equal("division by zero", score.Reason);
        Assert.Equal(0.01, score.Reward);
    }

    [Theory]
    [InlineData("7 / 3 * 12 + 25", 53, "correct")] // 7/3 is not whole, (7/3)·12 is exactly 28
    [InlineData("25 / 3 * 12 - 7", 100, "value 93, target 100")]
    [InlineData("25 / 3 + 7 * 12", 100, "value 277/3, target 100")]
    public void Non_integer_intermediate_values_are_evaluated_exactly(string answer, int target, string reason) =>
        Assert.Equal(reason, CountdownVerifier.Score(Numbers, target, answer).Reason);

    [Theory]
    [InlineData("25 * 12 + 3 * 7 = 321")]
    [InlineData("321 = 25 * 12 + 3 * 7")]
    [InlineData("25 * 12 + 3 * 7 = 300 + 21 = 321")]
    public void An_equals_sign_separates_the_expression_from_its_claimed_value(string answer) =>
        Assert.Equal(CountdownVerdict.Correct, CountdownVerifier.Score(Numbers, 321, answer).Verdict);

    [Theory]
    [InlineData("<think>25 times 12 is 300, plus 21</think><answer> 25 * 12 + 3 * 7 </answer>")]
    [InlineData("<think>first try 25 + 3</think> The answer is 25 * 12 + 3 * 7.")]
    [InlineData("So: (25 * 12) + (3 * 7) is my answer!")]
    [InlineData("<answer>25 * 12 + 3 * 7")]
    public void Text_around_the_expression_is_ignored(string answer) =>
        Assert.Equal(CountdownVerdict.Correct, CountdownVerifier.Score(Numbers, 321, answer).Verdict);

    [Fact]
    public void The_last_answer_tag_counts()
    {
        var score = CountdownVerifier.Score(Numbers, 321, "<answer>1 + 2</answer> no wait <answer>25 * 12 + 3 * 7</answer>");
        Assert.Equal(CountdownVerdict.Correct, score.Verdict);
        Assert.Equal("25 * 12 + 3 * 7", score.Expression);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<think>no idea</think>")]
    [InlineData("<answer> </answer>")]
    public void An_empty_answer_is_no_answer_and_scores_zero(string answer)
    {
        Assert.Equal(CountdownVerdict.NoAnswer, CountdownVerifier.Score(Numbers, 321, answer, CountdownRewards.ReasoningGym).Verdict);
        Assert.Equal(0.0, CountdownVerifier.Score(Numbers, 321, answer, CountdownRewards.ReasoningGym).Reward);
        Assert.Equal(0.0, CountdownVerifier.Score(Numbers, 321, answer, CountdownRewards.TinyZero).Reward);
    }

    [Theory]
    [InlineData("I could not find it.")]
    [InlineData("(25 * 12 + 3 * 7")]
    [InlineData("25 * * 12 + 3 * 7")]
    [InlineData("25 * 12 + 3 * 7)")]
    public void Text_without_a_well_formed_expression_is_unparseable(string answer)
    {
        var score = CountdownVerifier.Score(Numbers, 321, answer);
        Assert.Equal(CountdownVerdict.Unparseable, score.Verdict);
        Assert.Equal(0.01, score.Reward);
        Assert.Equal(0.1, CountdownVerifier.Score(Numbers, 321, answer, CountdownRewards.TinyZero).Reward);
    }

    [Theory]
    [InlineData("25 × 12 + 3 × 7", 321)]
    [InlineData("25 · 12 + 3 · 7", 321)]
    [InlineData("(25 − 7) ÷ 3 × 12", 72)]
    [InlineData("25 × 12 + 7 − 3", 304)]
    public void Unicode_operators_are_read_like_their_ascii_forms(string answer, int target) =>
        Assert.Equal(CountdownVerdict.Correct, CountdownVerifier.Score(Numbers, target, answer).Verdict);

    [Fact]
    public void The_two_reward_schemes_differ_only_on_wrong_answers()
    {
        string[] answers = ["25 * 12 + 3 * 7", "25 * 12 + 3 + 7", "25 * 12 + 3 * 8", "nothing", ""];
        var reasoningGym = answers.Select(a => CountdownVerifier.Score(Numbers, 321, a, CountdownRewards.ReasoningGym).Reward);
        var tinyZero = answers.Select(a => CountdownVerifier.Score(Numbers, 321, a, CountdownRewards.TinyZero).Reward);
        Assert.Equal([1.0, 0.05, 0.05, 0.01, 0.0], reasoningGym);
        Assert.Equal([1.0, 0.1, 0.1, 0.1, 0.0], tinyZero);
    }
}
