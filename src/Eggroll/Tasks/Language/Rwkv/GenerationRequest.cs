namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>What one member generates: it reads <paramref name="Prompt"/>, then samples up to <paramref name="MaxTokens"/> tokens.</summary>
/// <param name="Prompt">Token ids fed before generating; at least one.</param>
/// <param name="MaxTokens">Most tokens to generate; 0 generates nothing.</param>
/// <param name="Stops">Token sequences that end generation when the output ends with one (a single token is a stop token); the stop itself is not returned.</param>
public sealed record GenerationRequest(int[] Prompt, int MaxTokens, IReadOnlyList<int[]> Stops)
{
    /// <summary>A request without stops.</summary>
    public GenerationRequest(int[] prompt, int maxTokens)
        : this(prompt, maxTokens, [])
    {
    }
}
