using Eggroll.Noise;
using Eggroll.Training;

namespace Eggroll.Tasks.Countdown;

/// <summary>The "task" section of a Countdown fine-tuning run: which problems, how they are asked and scored.</summary>
public sealed record CountdownTaskOptions
{
    /// <summary>How hard the problems are; default the easy rung (<see cref="CountdownDifficulty.Easy"/>).</summary>
    public CountdownDifficulty Difficulty { get; init; } = CountdownDifficulty.Easy;

    /// <summary>Prompt template with {numbers} and {target}; default the compact one.</summary>
    public string Template { get; init; } = CountdownPrompt.CompactTemplate;

    /// <summary>The reward scheme.</summary>
    public CountdownRewards Rewards { get; init; } = CountdownRewards.ReasoningGym;

    /// <summary>Most tokens generated per answer.</summary>
    public int MaxTokens { get; init; } = 64;

    /// <summary>Seed of the problem streams (the run seed draws which training problems each epoch uses).</summary>
    public ulong ProblemSeed { get; init; } = 1;

    /// <summary>Prompts each group of members answers per epoch; a member's fitness is its mean reward over them.</summary>
    public int PromptsPerGroup { get; init; } = 2;

    /// <summary>Validation problems: the first ones of the validation split.</summary>
    public int ValidationCount { get; init; } = 64;

    /// <summary>A World tokenizer vocabulary file (rwkv_vocab_v20230424.txt) for models with the World vocabulary; empty: byte tokens.</summary>
    public string Tokenizer { get; init; } = "";

    /// <summary>
    /// Training problem <paramref name="slot"/> of <paramref name="epoch"/> in a run seeded <paramref name="runSeed"/>: an index
    /// into the train split drawn from (run seed, epoch, slot), so both fine-tuning methods draw their prompts the same way.
    /// </summary>
    public CountdownProblem TrainingProblem(ulong runSeed, long epoch, int slot)
    {
        int index = CounterRandom.NextInt(runSeed, (uint)epoch, (uint)slot, int.MaxValue);
        return CountdownGenerator.Problem(ProblemSeed, CountdownSplit.Train, index, Difficulty);
    }

    /// <summary>Throws <see cref="ConfigException"/> naming the first field out of range.</summary>
    public void Validate(string prefix = "task.")
    {
        ConfigChecks.RequireSections(($"{prefix}difficulty", Difficulty), ($"{prefix}template", Template), ($"{prefix}tokenizer", Tokenizer));
        Difficulty.Validate($"{prefix}difficulty.");
        if (!Template.Contains("{numbers}", StringComparison.Ordinal) || !Template.Contains("{target}", StringComparison.Ordinal))
        {
            throw new ConfigException($"{prefix}template", "must contain {numbers} and {target}.");
        }

        if (!Enum.IsDefined(Rewards))
        {
            throw new ConfigException($"{prefix}rewards", $"unknown reward scheme {Rewards}; use reasoningGym or tinyZero.");
        }

        ConfigChecks.InRange(MaxTokens, 1, 4096, $"{prefix}maxTokens");
        ConfigChecks.InRange(PromptsPerGroup, 1, 1024, $"{prefix}promptsPerGroup");
        ConfigChecks.InRange(ValidationCount, 1, 1_000_000, $"{prefix}validationCount");
    }
}
