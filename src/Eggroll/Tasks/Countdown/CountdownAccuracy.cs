using System.Globalization;
using Eggroll.Models.Rwkv;
using Eggroll.Population;
using Eggroll.Tasks.Language.Rwkv;

namespace Eggroll.Tasks.Countdown;

/// <summary>How the unperturbed model does on a fixed set of problems, answering each greedily.</summary>
/// <param name="Accuracy">Fraction of correct answers.</param>
/// <param name="MeanReward">Mean reward.</param>
/// <param name="GeneratedTokens">Tokens generated over all answers.</param>
/// <param name="Answers">Each problem's generated text, in order.</param>
public sealed record CountdownAccuracy(double Accuracy, double MeanReward, long GeneratedTokens, IReadOnlyList<string> Answers)
{
    /// <summary>Answers every problem with <paramref name="model"/> as it is (one batch, greedy) and scores the answers.</summary>
    public static CountdownAccuracy Measure(RwkvModel model, CountdownAnswers answers, IReadOnlyList<CountdownProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("Measuring accuracy needs at least one problem.", nameof(problems));
        }

        var results = RwkvGeneration.Generate(model, problems.Select(answers.Request).ToArray(), SamplingOptions.Greedy, ForwardContext.Unperturbed(problems.Count));
        var scores = problems.Select((p, i) => answers.Score(p, results[i])).ToList();
        return new CountdownAccuracy(
            scores.Count(s => s.Verdict == CountdownVerdict.Correct) / (double)problems.Count,
            scores.Average(s => s.Reward),
            results.Sum(r => (long)answers.GeneratedTokens(r)),
            results.Select(answers.Text).ToList());
    }
}
