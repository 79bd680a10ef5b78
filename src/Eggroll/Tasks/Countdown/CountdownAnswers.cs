using Eggroll.Tasks.Language;
using Eggroll.Tasks.Language.Rwkv;

namespace Eggroll.Tasks.Countdown;

/// <summary>Turns problems into generation requests and what a model generated into verifier scores.</summary>
/// <param name="Tokenizer">Text to token ids and back.</param>
/// <param name="Prompt">The prompt template.</param>
/// <param name="MaxTokens">Most tokens generated per answer.</param>
/// <param name="Rewards">The reward scheme.</param>
public sealed record CountdownAnswers(ITokenizer Tokenizer, CountdownPrompt Prompt, int MaxTokens, CountdownRewards Rewards)
{
    /// <summary>The closing answer tag: generation stops once it is written.</summary>
    public const string StopText = "</answer>";

    /// <summary>The request that asks the model to answer <paramref name="problem"/>.</summary>
    public GenerationRequest Request(CountdownProblem problem) => new(Tokenizer.Encode(Prompt.Format(problem)), MaxTokens, [Tokenizer.Encode(StopText)]);

    /// <summary>The text a generation stands for: its tokens, with the closing tag back when it stopped there.</summary>
    public string Text(GenerationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string text = Tokenizer.DecodeText(result.Tokens);
        return result.HitStop ? text + StopText : text;
    }

    /// <summary>The tokens the model generated for <paramref name="result"/>, with the closing tag it stopped at.</summary>
    public int[] CompletionTokens(GenerationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.HitStop ? [.. result.Tokens, .. Tokenizer.Encode(StopText)] : result.Tokens;
    }

    /// <summary>Tokens the model generated for <paramref name="result"/>, counting the closing tag it stopped at.</summary>
    public int GeneratedTokens(GenerationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return CompletionTokens(result).Length;
    }

    /// <summary>The verifier's score of <paramref name="result"/> as an answer to <paramref name="problem"/>.</summary>
    public CountdownScore Score(CountdownProblem problem, GenerationResult result)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return CountdownVerifier.Score(problem.Numbers, problem.Target, Text(result), Rewards);
    }
}
