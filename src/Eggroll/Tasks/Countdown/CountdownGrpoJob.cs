using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Models.Backward.Rwkv;
using Eggroll.Models.Rwkv;
using Eggroll.Noise;
using Eggroll.Population;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Training;

namespace Eggroll.Tasks.Countdown;

/// <summary>
/// GRPO fine-tuning of an RWKV-7 model on Countdown, the gradient baseline to <see cref="CountdownEggrollJob"/>. Every
/// epoch draws <see cref="CountdownGrpoOptions.Prompts"/> training problems from (seed, epoch) as EGGROLL's groups do,
/// samples <see cref="CountdownGrpoOptions.GroupSize"/> answers to each (temperature sampling whose draws depend only on
/// (seed, epoch, answer, token), so the batch is the same whatever the thread count), scores them with the verifier and
/// takes <see cref="CountdownGrpoOptions.Iterations"/> Adam steps on <see cref="RwkvGrpoLoss"/> (group-relative
/// advantages, clipped ratio to the sampling policy, KL to the base model). Every parameter trains.
/// </summary>
public sealed class CountdownGrpoJob : ITrainingJob
{
    /// <summary>The run kind of Countdown GRPO checkpoints.</summary>
    public const string RunKind = "countdown-grpo";

    /// <summary>Stream of the per-epoch sampling seeds, apart from the problem draws (whose streams are epochs).</summary>
    private const uint SamplingStream = uint.MaxValue;

    private const string GeneratedTokensField = "generatedTokens";

    private readonly CountdownAnswers answers;
    private readonly CountdownTaskOptions task;
    private readonly CountdownGrpoOptions grpo;
    private readonly ulong seed;
    private readonly RwkvGrpoLoss loss;
    private readonly RwkvBackprop? reference;
    private readonly BackpropTraining training;
    private long generatedTokens;
    private double lastLoss;

    /// <summary>
    /// Creates the job for <paramref name="model"/> (every parameter is unfrozen); <paramref name="referenceModel"/> is
    /// the fixed model of the KL penalty (the base model, a separate copy), needed only when the KL weight is above 0.
    /// </summary>
    public CountdownGrpoJob(RwkvModel model, RwkvModel? referenceModel, CountdownAnswers answers, CountdownRunConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        grpo = config.Grpo;
        if (grpo.KlCoefficient > 0 && (referenceModel is null || ReferenceEquals(referenceModel, model)))
        {
            throw new ArgumentException("A KL penalty needs the reference model as a separate copy of the base model.", nameof(referenceModel));
        }

        model.SetEvolution(new RwkvEvolution(Vectors: true, Embedding: true, Head: true));
        Model = model;
        this.answers = answers;
        task = config.Task;
        seed = config.Seed;
        loss = new RwkvGrpoLoss(model, grpo.Loss());
        reference = grpo.KlCoefficient > 0 ? new RwkvBackprop(referenceModel!) : null;
        training = new BackpropTraining(model.Parameters, grpo.Optimizer, JsonSerializer.Serialize(new { grpo, task, model = model.Config, seed }, JsonDefaults.Compact));
    }

    /// <summary>The model being fine-tuned.</summary>
    public RwkvModel Model { get; }

    /// <inheritdoc/>
    public string Kind => RunKind;

    /// <inheritdoc/>
    public long Epoch { get; private set; }

    /// <summary>The sampling settings of <paramref name="epoch"/>: the run's temperature, a seed drawn from (run seed, epoch).</summary>
    public SamplingOptions SamplingOf(long epoch)
    {
        ulong epochSeed = ((ulong)CounterRandom.NextUInt(seed, SamplingStream, (uint)(2 * epoch)) << 32) | CounterRandom.NextUInt(seed, SamplingStream, (uint)((2 * epoch) + 1));
        return new SamplingOptions(grpo.Temperature, 1, epochSeed);
    }

    /// <summary>The training problem prompt <paramref name="k"/> of <paramref name="epoch"/> asks.</summary>
    public CountdownProblem ProblemOf(long epoch, int k) => task.TrainingProblem(seed, epoch, k);

    /// <inheritdoc/>
    public IEpochReport RunEpoch()
    {
        var clock = Stopwatch.StartNew();
        long epoch = Epoch + 1;
        int groupSize = grpo.GroupSize, rows = grpo.Prompts * groupSize;
        var problems = new CountdownProblem[rows];
        for (int row = 0; row < rows; row++)
        {
            problems[row] = ProblemOf(epoch, row / groupSize);
        }

        var requests = problems.Select(answers.Request).ToArray();
        var results = RwkvGeneration.Generate(Model, requests, SamplingOf(epoch), ForwardContext.Unperturbed(rows));
        var rewards = new float[rows];
        int correct = 0;
        long tokens = 0;
        for (int row = 0; row < rows; row++)
        {
            var score = answers.Score(problems[row], results[row]);
            rewards[row] = (float)score.Reward;
            correct += score.Verdict == CountdownVerdict.Correct ? 1 : 0;
            tokens += answers.GeneratedTokens(results[row]);
        }

        var batch = GrpoBatch.Of(requests, results.Select(answers.CompletionTokens).ToArray());
        var oldLogProbs = batch.LogProbs(loss.Backprop);
        var referenceLogProbs = reference is null ? [] : batch.LogProbs(reference);
        for (int i = 0; i < grpo.Iterations; i++)
        {
            lastLoss = loss.LossAndGradients(batch.Sequences, batch.Steps, batch.Generated, oldLogProbs, referenceLogProbs, rewards, groupSize);
            training.Descend(loss.Backprop.Gradients, grpo.MaxGradNorm);
        }

        Epoch = epoch;
        generatedTokens += tokens;
        return new CountdownEpochMetrics(epoch, rewards.Average(), rewards.Max(), (double)correct / rows, tokens, generatedTokens, clock.Elapsed.TotalSeconds);
    }

    /// <inheritdoc/>
    public IReadOnlyList<StateTensor> StateTensors() => training.StateTensors;

    /// <inheritdoc/>
    public JsonObject SaveState()
    {
        var state = training.SaveState();
        state[GeneratedTokensField] = generatedTokens;
        return state;
    }

    /// <inheritdoc/>
    public void Restore(long epoch, JsonObject state, CheckpointTensors tensors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentNullException.ThrowIfNull(state);
        long total = JobStateChecks.Count(state, GeneratedTokensField);
        training.Restore(state, tensors);
        generatedTokens = total;
        Epoch = epoch;
    }

    /// <inheritdoc/>
    public string? DescribeDivergence() => training.DescribeDivergence("GRPO loss", Epoch, lastLoss);
}
