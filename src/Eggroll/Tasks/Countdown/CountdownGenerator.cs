using Eggroll.Noise;
using Eggroll.Training;

namespace Eggroll.Tasks.Countdown;

/// <summary>
/// Generates Countdown problems from a seed: problem i of a split is a function of (seed, split, i) alone, so any
/// prefix of a stream is the same whatever the count asked for, and the train and validation streams never share a
/// draw. Each problem draws 3 or 4 numbers in 1..100 (or as a <see cref="CountdownDifficulty"/> says) and combines all
/// of them, two at a time, with random operations whose intermediate results are positive integers (subtraction takes
/// the larger first; division only when exact), until the value lands in 100..999 (or the difficulty's target range).
/// </summary>
public static class CountdownGenerator
{
    /// <summary>Smallest target.</summary>
    public const int MinTarget = 100;

    /// <summary>Largest target.</summary>
    public const int MaxTarget = 999;

    /// <summary>Largest given number.</summary>
    public const int MaxNumber = 100;

    /// <summary>Problems <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> − 1 of <paramref name="split"/>.</summary>
    public static IReadOnlyList<CountdownProblem> Generate(int count, ulong seed, CountdownSplit split = CountdownSplit.Train, int first = 0, CountdownDifficulty? difficulty = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        return Enumerable.Range(first, count).Select(i => Problem(seed, split, i, difficulty)).ToList();
    }

    /// <summary>Problem <paramref name="index"/> of <paramref name="split"/> at <paramref name="difficulty"/> (default: the task's).</summary>
    /// <exception cref="ConfigException">The difficulty is out of range; the message names the field.</exception>
    public static CountdownProblem Problem(ulong seed, CountdownSplit split, int index, CountdownDifficulty? difficulty = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var level = difficulty ?? CountdownDifficulty.Default;
        level.Validate();
        var draws = new Draws(seed, (uint)((2L * index) + (int)split));
        while (true)
        {
            int count = level.MinNumbers + draws.Next(level.MaxNumbers - level.MinNumbers + 1);
            var numbers = new int[count];
            var pool = new List<Term>(count);
            for (int i = 0; i < count; i++)
            {
                numbers[i] = 1 + draws.Next(level.MaxNumber);
                pool.Add(Term.Number(numbers[i]));
            }

            var steps = new List<string>(count - 1);
            while (pool.Count > 1)
            {
                var left = Take(pool, draws);
                var right = Take(pool, draws);
                var combined = Combine(left, right, draws);
                steps.Add(combined.Step);
                pool.Add(combined);
            }

            if (pool[0].Value >= level.MinTarget && pool[0].Value <= level.MaxTarget)
            {
                return new CountdownProblem(numbers, (int)pool[0].Value, pool[0].Text) { Steps = steps };
            }
        }
    }

    private static Term Take(List<Term> pool, Draws draws)
    {
        int i = draws.Next(pool.Count);
        var term = pool[i];
        pool.RemoveAt(i);
        return term;
    }

    private static Term Combine(Term a, Term b, Draws draws)
    {
        var (large, small) = a.Value >= b.Value ? (a, b) : (b, a);
        var choices = new List<char>(4) { '+', '*' };
        if (large.Value > small.Value)
        {
            choices.Add('-');
        }

        if (small.Value > 1 && large.Value % small.Value == 0)
        {
            choices.Add('/');
        }

        char op = choices[draws.Next(choices.Count)];
        return op switch
        {
            '+' => Term.Of(a, '+', b, a.Value + b.Value),
            '*' => Term.Of(a, '*', b, a.Value * b.Value),
            '-' => Term.Of(large, '-', small, large.Value - small.Value),
            _ => Term.Of(large, '/', small, large.Value / small.Value),
        };
    }

    /// <summary>
    /// A sub-expression: its value, its text, the precedence of its outermost operation (3 for a number) and the
    /// step that made it from two values ("85 - 60 = 25"; empty for a number).
    /// </summary>
    private sealed record Term(long Value, string Text, int Precedence, string Step)
    {
        public static Term Number(int value) => new(value, Invariant(value), 3, "");

        public static Term Of(Term left, char op, Term right, long value)
        {
            int precedence = op is '+' or '-' ? 1 : 2;
            string l = left.Precedence < precedence ? $"({left.Text})" : left.Text;
            bool wrapRight = right.Precedence < precedence || (right.Precedence == precedence && op is '-' or '/');
            string r = wrapRight ? $"({right.Text})" : right.Text;
            return new Term(value, $"{l} {op} {r}", precedence, $"{Invariant(left.Value)} {op} {Invariant(right.Value)} = {Invariant(value)}");
        }

        private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Successive counter-based draws of one problem's stream.</summary>
    private sealed class Draws(ulong seed, uint stream)
    {
        private uint index;

        public int Next(int exclusiveMax) => CounterRandom.NextInt(seed, stream, index++, exclusiveMax);
    }
}
