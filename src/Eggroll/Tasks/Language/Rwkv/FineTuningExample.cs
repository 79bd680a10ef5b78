namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>A supervised fine-tuning example: the model reads <paramref name="Prompt"/> and is scored on <paramref name="Target"/>.</summary>
/// <param name="Prompt">Token ids fed first; at least one.</param>
/// <param name="Target">Token ids whose teacher-forced log-probabilities are the score; at least one.</param>
public sealed record FineTuningExample(int[] Prompt, int[] Target);
