using System.Text.Json.Nodes;
using Eggroll.Models.Rwkv;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Training;

namespace Eggroll.Tasks.Countdown;

/// <summary>
/// EGGROLL fine-tuning of an RWKV-7 model on Countdown: a <see cref="Trainer"/> over the <see cref="CountdownObjective"/>
/// (greedy answers, fitness = mean verifier reward, z-scores with prompt-group means), so checkpoints, resume and
/// thread-count determinism are the trainer's. It also counts the tokens generated since the run began.
/// </summary>
public sealed class CountdownEggrollJob : ITrainingJob
{
    /// <summary>The run kind of Countdown fine-tuning checkpoints.</summary>
    public const string RunKind = "countdown-eggroll";

    private const string GeneratedTokensField = "generatedTokens";

    private readonly Trainer trainer;
    private readonly CountdownObjective objective;
    private long generatedTokens;

    /// <summary>Creates the job for <paramref name="model"/> (its evolving parameters are set from <paramref name="config"/>).</summary>
    public CountdownEggrollJob(RwkvModel model, CountdownAnswers answers, CountdownRunConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        model.SetEvolution(config.Evolve);
        Model = model;
        objective = new CountdownObjective(model, answers, config.Task, config.Evolution.GroupSize);
        trainer = new Trainer(RwkvLmJob.TrainableModel(model), objective, config.TrainerOptions()) { Kind = RunKind };
    }

    /// <summary>The model being fine-tuned.</summary>
    public RwkvModel Model { get; }

    /// <summary>The objective scoring the population.</summary>
    public CountdownObjective Objective => objective;

    /// <inheritdoc/>
    public string Kind => RunKind;

    /// <inheritdoc/>
    public long Epoch => trainer.Epoch;

    /// <inheritdoc/>
    public IEpochReport RunEpoch()
    {
        var metrics = trainer.RunEpoch();
        generatedTokens += objective.LastGeneratedTokens;
        return new CountdownEpochMetrics(metrics.Epoch, metrics.ScoreMean, metrics.ScoreMax, objective.LastCorrectFraction, objective.LastGeneratedTokens, generatedTokens, metrics.Seconds);
    }

    /// <inheritdoc/>
    public IReadOnlyList<StateTensor> StateTensors() => trainer.StateTensors();

    /// <inheritdoc/>
    public JsonObject SaveState()
    {
        var state = trainer.SaveState();
        state[GeneratedTokensField] = generatedTokens;
        return state;
    }

    /// <inheritdoc/>
    public void Restore(long epoch, JsonObject state, CheckpointTensors tensors)
    {
        ArgumentNullException.ThrowIfNull(state);
        long tokens = JobStateChecks.Count(state, GeneratedTokensField);
        trainer.Restore(epoch, state, tensors);
        generatedTokens = tokens;
    }

    /// <inheritdoc/>
    public string? DescribeDivergence() => trainer.DescribeDivergence();
}
