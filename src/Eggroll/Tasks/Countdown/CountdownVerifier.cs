using System.Numerics;
using System.Text.RegularExpressions;

namespace Eggroll.Tasks.Countdown;

/// <summary>
/// Scores an answer to a <see cref="CountdownProblem"/>. The answer is the text between the last
/// <c>&lt;answer&gt;</c> and its <c>&lt;/answer&gt;</c>, else the text after the last <c>&lt;/think&gt;</c>, else the
/// whole text. In it, the expression is the longest stretch of digits, operators, parentheses and spaces that holds
/// an operator (so "The answer is (25 + 3) * 12 − 5." and "25*12+7−3 = 304" both yield the expression; with no
/// operator anywhere, a lone number is checked). It is evaluated with exact fractions (see
/// <see cref="CountdownExpression"/>: a non-integer intermediate value is allowed when the final value is exact), and is
/// correct when the numbers it uses are exactly the given multiset and its value is the target.
/// </summary>
public static partial class CountdownVerifier
{
    /// <summary>Scores <paramref name="answer"/> for (<paramref name="numbers"/>, <paramref name="target"/>).</summary>
    public static CountdownScore Score(IReadOnlyList<int> numbers, int target, string answer, CountdownRewards rewards = CountdownRewards.ReasoningGym)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        ArgumentNullException.ThrowIfNull(answer);
        string text = AnswerText(answer).Trim();
        if (text.Length == 0)
        {
            return Result(CountdownVerdict.NoAnswer, "no answer", null, rewards);
        }

        string? expression = ExpressionIn(text);
        if (expression is null)
        {
            return Result(CountdownVerdict.Unparseable, "no arithmetic expression in the answer", null, rewards);
        }

        Rational value;
        IReadOnlyList<BigInteger> used;
        try
        {
            (value, used) = CountdownExpression.Evaluate(expression);
        }
        catch (FormatException e)
        {
            return Result(CountdownVerdict.Unparseable, $"not a well-formed expression: {e.Message}", expression, rewards);
        }
        catch (DivideByZeroException)
        {
            return Result(CountdownVerdict.Unparseable, "division by zero", expression, rewards);
        }

        var given = numbers.Select(n => new BigInteger(n)).Order().ToList();
        var sorted = used.Order().ToList();
        if (!given.SequenceEqual(sorted))
        {
            return Result(CountdownVerdict.WrongNumbers, $"uses [{string.Join(", ", used)}], must use each of [{string.Join(", ", numbers)}] exactly once", expression, rewards);
        }

        return value == Rational.Of(target)
            ? Result(CountdownVerdict.Correct, "correct", expression, rewards)
            : Result(CountdownVerdict.WrongValue, $"value {value}, target {target}", expression, rewards);
    }

    /// <summary>The reward of <paramref name="verdict"/> under <paramref name="rewards"/>.</summary>
    public static double RewardOf(CountdownVerdict verdict, CountdownRewards rewards) => (verdict, rewards) switch
    {
        (CountdownVerdict.Correct, _) => 1.0,
        (CountdownVerdict.NoAnswer, _) => 0.0,
        (_, CountdownRewards.TinyZero) => 0.1,
        (CountdownVerdict.Unparseable, _) => 0.01,
        _ => 0.05,
    };

    private static CountdownScore Result(CountdownVerdict verdict, string reason, string? expression, CountdownRewards rewards) =>
        new(RewardOf(verdict, rewards), verdict, reason, expression);

    private static string AnswerText(string answer)
    {
        int open = answer.LastIndexOf("<answer>", StringComparison.Ordinal);
        if (open >= 0)
        {
            int start = open + "<answer>".Length;
            int close = answer.IndexOf("</answer>", start, StringComparison.Ordinal);
            return close >= 0 ? answer[start..close] : answer[start..];
        }

        int think = answer.LastIndexOf("</think>", StringComparison.Ordinal);
        return think >= 0 ? answer[(think + "</think>".Length)..] : answer;
    }

    private static string? ExpressionIn(string text)
    {
        var stretches = Stretch().Matches(text).Select(m => m.Value.Trim()).Where(s => s.Any(char.IsAsciiDigit)).ToList();
        return stretches.Where(s => s.Any(IsOperator)).MaxBy(s => s.Length)
            ?? stretches.FirstOrDefault();
    }

    private static bool IsOperator(char c) => c is '+' or '-' or '−' or '*' or '×' or '·' or '/' or '÷';

    [GeneratedRegex(@"[0-9+\-−*×·/÷() \t]+")]
    private static partial Regex Stretch();
}
