using System.Globalization;
using System.Numerics;

namespace Eggroll.Tasks.Countdown;

/// <summary>
/// Parses and evaluates an arithmetic answer exactly: whole numbers, + − × ÷ (also written -, *, /, and the Unicode
/// signs − × ÷ ·), parentheses and spaces; × and ÷ bind tighter than + and −, all left-associative. There is no unary
/// minus (every number must be one of the given ones). Intermediate results are exact fractions.
/// </summary>
internal sealed class CountdownExpression
{
    private readonly string text;
    private readonly List<BigInteger> numbers = [];
    private int position;

    private CountdownExpression(string text) => this.text = text;

    /// <summary>The numbers the expression uses, in order.</summary>
    public IReadOnlyList<BigInteger> Numbers => numbers;

    /// <summary>Parses and evaluates <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">It is not a well-formed expression; the message says where.</exception>
    /// <exception cref="DivideByZeroException">It divides by zero.</exception>
    public static (Rational Value, IReadOnlyList<BigInteger> Numbers) Evaluate(string text)
    {
        var expression = new CountdownExpression(text);
        var value = expression.Sum();
        expression.SkipSpaces();
        if (expression.position < text.Length)
        {
            throw new FormatException($"unexpected '{text[expression.position]}' at position {expression.position + 1}");
        }

        return (value, expression.numbers);
    }

    private Rational Sum()
    {
        var value = Product();
        while (Peek() is '+' or '-' or '−')
        {
            char op = text[position++];
            var right = Product();
            value = op == '+' ? value + right : value - right;
        }

        return value;
    }

    private Rational Product()
    {
        var value = Factor();
        while (Peek() is '*' or '×' or '·' or '/' or '÷')
        {
            char op = text[position++];
            var right = Factor();
            value = op is '/' or '÷' ? value / right : value * right;
        }

        return value;
    }

    private Rational Factor()
    {
        char? next = Peek();
        if (next == '(')
        {
            position++;
            var value = Sum();
            if (Peek() != ')')
            {
                throw new FormatException(position < text.Length ? $"expected ')' at position {position + 1}" : "missing ')'");
            }

            position++;
            return value;
        }

        if (next is not { } c || !char.IsAsciiDigit(c))
        {
            throw new FormatException(next is null ? "the expression ends where a number belongs" : $"expected a number at position {position + 1}, got '{next}'");
        }

        int start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        var number = BigInteger.Parse(text.AsSpan(start, position - start), CultureInfo.InvariantCulture);
        numbers.Add(number);
        return Rational.Of(number);
    }

    private char? Peek()
    {
        SkipSpaces();
        return position < text.Length ? text[position] : null;
    }

    private void SkipSpaces()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }
}
