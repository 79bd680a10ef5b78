namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>What one member generated and why it stopped.</summary>
/// <param name="Tokens">The generated tokens, without the prompt and without the stop sequence that ended them.</param>
/// <param name="HitStop">True when a stop sequence ended generation, false when the token limit did.</param>
public sealed record GenerationResult(int[] Tokens, bool HitStop);
