using System.Globalization;
using Eggroll.Noise;

namespace Eggroll.Tasks.Countdown;

/// <summary>
/// Training text for a base model that has never seen arithmetic: one document a line (or two, when the prompt has a
/// line break), each either an expression with its value ("(85 - 60) * 5 = 125") or a worked Countdown solution in the
/// prompt format (prompt, then <see cref="CountdownPrompt.Completion"/>). Document i is a function of (seed, i) alone;
/// its problems come from the train split, so the validation split stays unseen.
/// </summary>
public static class CountdownCorpus
{
    /// <summary>Stream of the per-document kind draws, apart from the generator's problem streams (2·index + split).</summary>
    private const uint KindStream = uint.MaxValue;

    /// <summary>Added to the seed for the expressions, so they are other problems than the worked ones.</summary>
    private const ulong ExpressionSeedOffset = 0x9E3779B97F4A7C15;

    /// <summary>Writes <paramref name="count"/> documents to <paramref name="writer"/>; about half are worked solutions.</summary>
    public static void Write(TextWriter writer, int count, ulong seed, CountdownDifficulty difficulty, CountdownPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(difficulty);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        difficulty.Validate();
        for (int i = 0; i < count; i++)
        {
            writer.Write(Document(seed, i, difficulty, prompt));
            writer.Write('\n');
        }
    }

    /// <summary>Document <paramref name="index"/>, without its trailing line break.</summary>
    public static string Document(ulong seed, int index, CountdownDifficulty difficulty, CountdownPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        bool worked = CounterRandom.NextInt(seed, KindStream, (uint)index, 2) == 0;
        if (worked)
        {
            var problem = CountdownGenerator.Problem(seed, CountdownSplit.Train, index, difficulty);
            return prompt.Format(problem) + CountdownPrompt.Completion(problem);
        }

        var expression = CountdownGenerator.Problem(seed + ExpressionSeedOffset, CountdownSplit.Train, index, difficulty);
        return expression.Solution + " = " + expression.Target.ToString(CultureInfo.InvariantCulture);
    }
}
