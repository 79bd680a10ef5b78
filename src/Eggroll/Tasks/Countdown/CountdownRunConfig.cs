using Eggroll.Models.Rwkv;
using Eggroll.Population.Strategies;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tasks.Countdown;

/// <summary>
/// Everything an <c>eggroll countdown train</c> run needs; stored in <c>config.json</c> and in each checkpoint. The
/// defaults scale the EGGROLL authors' Countdown settings down to a small byte-level model on a CPU (docs/countdown.md
/// lists both).
/// </summary>
public sealed record CountdownRunConfig : IRunConfig
{
    /// <summary>The fields a resumed run may change (they do not change its trajectory).</summary>
    public static readonly IReadOnlyList<string> ResumableFields = ["epochs", "minutes", "threads", "validateEvery", "checkpointEvery"];

    /// <summary>The base model: a <c>train lm --model rwkv7</c> run directory, or an RWKV-7 .pth or .safetensors file.</summary>
    public string Model { get; init; } = "";

    /// <summary>How the model is fine-tuned: EGGROLL (the evolution, optimizer and evolve sections) or GRPO (the grpo section).</summary>
    public CountdownMethod Method { get; init; } = CountdownMethod.Eggroll;

    /// <summary>Problems, prompt, rewards and validation set.</summary>
    public CountdownTaskOptions Task { get; init; } = new();

    /// <summary>Population, rank, σ, shaping and prompt groups (groupSize members share their prompts).</summary>
    public EvolutionConfig Evolution { get; init; } = new() { Population = 32, Rank = 1, Sigma = 0.01f, GroupSize = 8 };

    /// <summary>The optimiser.</summary>
    public OptimizerConfig Optimizer { get; init; } = new() { LearningRate = 0.003f };

    /// <summary>What evolves: the block matrices by default, as in the authors' runs.</summary>
    public RwkvEvolution Evolve { get; init; } = RwkvEvolution.Default;

    /// <summary>GRPO's settings, used when <see cref="Method"/> is <see cref="CountdownMethod.Grpo"/>.</summary>
    public CountdownGrpoOptions Grpo { get; init; } = new();

    /// <summary>Run seed: the noise (EGGROLL) or the sampling (GRPO), and which training problems each epoch draws.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Stop after this many epochs (in total, counting resumed ones).</summary>
    public long Epochs { get; init; } = 1_000_000;

    /// <summary>Stop after this many minutes of this invocation (0 = no limit).</summary>
    public double Minutes { get; init; } = 10;

    /// <summary>Validate every this many epochs (and at the end).</summary>
    public int ValidateEvery { get; init; } = 10;

    /// <summary>Checkpoint every this many epochs (and at the end).</summary>
    public int CheckpointEvery { get; init; } = 10;

    /// <summary>Worker threads (0 = all cores).</summary>
    public int Threads { get; init; }

    /// <summary>The trainer's options.</summary>
    public TrainerOptions TrainerOptions() => new() { Seed = Seed, Evolution = Evolution, Optimizer = Optimizer };

    /// <summary>Throws <see cref="ConfigException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        ConfigChecks.RequireSections(("model", Model), ("task", Task), ("evolution", Evolution), ("optimizer", Optimizer), ("evolve", Evolve), ("grpo", Grpo));
        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new ConfigException("model", "is required: give a train lm --model rwkv7 run directory or an RWKV-7 .pth or .safetensors file (--model PATH).");
        }

        if (!Enum.IsDefined(Method))
        {
            throw new ConfigException("method", $"unknown method {Method}; use eggroll or grpo.");
        }

        Task.Validate();
        Grpo.Validate();
        Evolution.Validate();
        if (Evolution.GroupSize % 2 != 0)
        {
            throw new ConfigException("evolution.groupSize", $"must be even, so both members of an antithetic pair answer the same prompts, got {Evolution.GroupSize}.");
        }

        Optimizer.Validate();
        if (Epochs < 1)
        {
            throw new ConfigException("epochs", $"must be ≥ 1, got {Epochs}.");
        }

        if (!(Minutes >= 0) || !double.IsFinite(Minutes))
        {
            throw new ConfigException("minutes", $"must be ≥ 0, got {Minutes}.");
        }

        ConfigChecks.InRange(ValidateEvery, 1, int.MaxValue, "validateEvery");
        ConfigChecks.InRange(CheckpointEvery, 1, int.MaxValue, "checkpointEvery");
        ConfigChecks.InRange(Threads, 0, int.MaxValue, "threads");
    }
}
