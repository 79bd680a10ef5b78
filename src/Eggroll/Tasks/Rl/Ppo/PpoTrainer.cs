using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Numerics;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tasks.Rl.Ppo;

/// <summary>
/// Proximal policy optimisation (clipped surrogate, GAE(λ), separate critic, minibatch passes, advantage,
/// observation and reward normalisation) as a <see cref="ITrainingJob"/>: one epoch is one rollout of
/// Envs·Steps transitions and its update. The losses are descended by passing their negated, globally
/// clipped gradients to the ascent-oriented <see cref="Optimizer"/>. Everything random is drawn from
/// <see cref="PpoRandom"/> by (seed, epoch, index), all sums run in a fixed order and the GEMM does not depend
/// on the thread count, so a run is bit-identical for a seed whatever the threads and across a resume.
/// </summary>
public sealed class PpoTrainer : ITrainingJob
{
    /// <summary>The run kind written to checkpoints.</summary>
    public const string JobKind = "rl-ppo";

    private const int RecentEpisodes = 10;
    private const float ObservationClip = 10f;
    private const float RewardClip = 10f;

    private readonly PpoConfig config;
    private readonly ulong seed;
    private readonly long annealEpochs;
    private readonly float baseLearningRate;
    private readonly string optionsJson;
    private readonly PpoEnvironments environments;
    private readonly Optimizer optimizer;
    private readonly ObservationNormalizer? rewardScale;
    private readonly float[] discountedReturns;
    private readonly float[] recent = new float[RecentEpisodes];
    private readonly StateTensor[] stateTensors;
    private readonly PpoRollout rollout;
    private readonly PpoUpdate update;
    private long finishedEpisodes;

    /// <summary>
    /// Creates the job on environments made by <paramref name="factory"/>; the learning rate anneals to 0 over
    /// <paramref name="annealEpochs"/> epochs when <see cref="PpoConfig.AnnealLearningRate"/> is set. With
    /// <paramref name="maskActions"/>, a categorical head over a space with a mask (<see cref="DiscreteSpace.MaskOffset"/>)
    /// gives the actions the observation marks invalid probability 0.
    /// </summary>
    public PpoTrainer(Func<IEnvironment> factory, PpoConfig config, OptimizerConfig optimizer, Training.ModelConfig model, ulong seed, long annealEpochs, bool maskActions = true)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(model);
        config.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(annealEpochs, 1);
        this.config = config;
        this.seed = seed;
        this.annealEpochs = annealEpochs;
        baseLearningRate = optimizer.LearningRate;
        optionsJson = JsonSerializer.Serialize(new { config, optimizer, model, seed, maskActions }, JsonDefaults.Compact);
        environments = new PpoEnvironments(factory, config.Envs, seed);
        var probe = factory();
        ObservationSpace = probe.ObservationSpace;
        Agent = new PpoAgent(environments.ObservationSize, probe.ActionSpace, model.Hidden, model.Activation, config.InitialLogStd, seed);
        this.optimizer = new Optimizer(Agent.Parameters, optimizer);
        Normalizer = config.NormalizeObservations ? new ObservationNormalizer(environments.ObservationSize, ObservationClip) : null;
        rewardScale = config.NormalizeRewards ? new ObservationNormalizer(1, float.MaxValue) : null;
        discountedReturns = new float[config.Envs];
        MaskActions = maskActions;
        rollout = new PpoRollout(config, Agent, environments, Normalizer, maskActions);
        update = new PpoUpdate(config, Agent, rollout);
        stateTensors = [.. CreateStateTensors()];
    }

    /// <inheritdoc/>
    public string Kind => JobKind;

    /// <inheritdoc/>
    public long Epoch { get; private set; }

    /// <summary>The actor and critic.</summary>
    public PpoAgent Agent { get; }

    /// <summary>The observation statistics, or null without observation normalisation.</summary>
    public ObservationNormalizer? Normalizer { get; }

    /// <summary>The environment's observations.</summary>
    public BoxSpace ObservationSpace { get; }

    /// <summary>Whether the categorical head leaves out the actions the observation's mask marks invalid.</summary>
    public bool MaskActions { get; }

    /// <summary>Environment steps taken so far.</summary>
    public long EnvironmentSteps => Epoch * config.BatchSize;

    /// <summary>The greedy policy (argmax of the (valid) logits, or the Gaussian mean clipped to the bounds) for <see cref="PolicyEvaluator"/>.</summary>
    public Policy GreedyPolicy() => new(Agent.ActorModel(), ObservationSpace, Agent.ActionSpace, ActionSquash.Clip, Normalizer, MaskActions);

    /// <inheritdoc/>
    public IEpochReport RunEpoch()
    {
        var clock = Stopwatch.StartNew();
        long epoch = Epoch + 1;
        var finished = new List<double>();
        rollout.Collect(seed, epoch, (index, result, finishedReturn) =>
        {
            if (finishedReturn is { } r)
            {
                finished.Add(r);
                recent[finishedEpisodes++ % RecentEpisodes] = (float)r;
            }

            return ScaleReward(index, result);
        });
        Normalizer?.Commit();
        rewardScale?.Commit();
        float scale = config.AnnealLearningRate ? (float)Math.Max(0, 1 - ((double)(epoch - 1) / annealEpochs)) : 1f;
        var stats = update.Run(seed, epoch, optimizer, scale);
        Epoch = epoch;
        var window = recent.AsSpan(0, (int)Math.Min(finishedEpisodes, RecentEpisodes)).ToArray();
        return new PpoEpochReport
        {
            Epoch = epoch,
            ScoreMean = window.Length > 0 ? window.Average(v => (double)v) : double.NaN,
            ScoreMin = window.Length > 0 ? window.Min() : double.NaN,
            ScoreMax = window.Length > 0 ? window.Max() : double.NaN,
            Episodes = finished.Count,
            Rows = config.BatchSize,
            PolicyLoss = stats.PolicyLoss,
            ValueLoss = stats.ValueLoss,
            Entropy = stats.Entropy,
            ApproxKl = stats.ApproxKl,
            ClipFraction = stats.ClipFraction,
            LearningRate = scale * baseLearningRate,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <inheritdoc/>
    public IReadOnlyList<StateTensor> StateTensors() => stateTensors;

    /// <inheritdoc/>
    public JsonObject SaveState() => new()
    {
        ["optimizerSteps"] = optimizer.StepCount,
        ["finishedEpisodes"] = finishedEpisodes,
        ["episodes"] = new JsonArray([.. environments.Episodes.Select(e => (JsonNode)e)]),
        ["episodeSteps"] = new JsonArray([.. environments.EpisodeSteps.Select(s => (JsonNode)s)]),
        ["options"] = JsonNode.Parse(optionsJson),
    };

    /// <inheritdoc/>
    public void Restore(long epoch, JsonObject state, CheckpointTensors tensors)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        string saved = state["options"]?.ToJsonString(JsonDefaults.Compact) ?? "(none)";
        if (saved != optionsJson)
        {
            throw new CheckpointException($"the checkpoint was written with options {saved} but this run uses {optionsJson}; resume with the checkpoint's options.");
        }

        long steps = Whole(state, "optimizerSteps");
        long episodesDone = Whole(state, "finishedEpisodes");
        var episodes = Counters(state, "episodes").Select(v => (uint)v).ToArray();
        var episodeSteps = Counters(state, "episodeSteps").Select(v => (int)v).ToArray();
        tensors.CopyInto(stateTensors);
        environments.Replay(episodes, episodeSteps);
        optimizer.RestoreStepCount(steps);
        finishedEpisodes = episodesDone;
        Epoch = epoch;
    }

    /// <inheritdoc/>
    public string? DescribeDivergence()
    {
        foreach (var entry in Agent.Parameters.Entries)
        {
            if (!VectorOps.AllFinite(entry.Parameter.Value))
            {
                return $"parameter '{entry.Name}' is NaN or infinite";
            }
        }

        return null;
    }

    private float ScaleReward(int index, StepResult result)
    {
        if (rewardScale is null)
        {
            return (float)result.Reward;
        }

        discountedReturns[index] = (discountedReturns[index] * config.Gamma * (result.Terminated ? 0f : 1f)) + (float)result.Reward;
        rewardScale.Record([discountedReturns[index]]);
        double scaled = result.Reward / Math.Sqrt(rewardScale.Variance[0] + 1e-8);
        return (float)Math.Clamp(scaled, -RewardClip, RewardClip);
    }

    private IEnumerable<StateTensor> CreateStateTensors()
    {
        foreach (var entry in Agent.Parameters.Entries)
        {
            var p = entry.Parameter;
            yield return StateTensor.Of(entry.Name, p.Kind == Population.ParameterKind.Vector ? [p.Count] : [p.Rows, p.Cols], p.Value);
        }

        foreach (var (name, values) in optimizer.StateTensors())
        {
            yield return StateTensor.Of("optimizer." + name, [values.Length], values);
        }

        foreach (var (name, values) in Normalizer?.StateTensors() ?? [])
        {
            yield return StateTensor.Of("obs_norm." + name, [values.Length], values);
        }

        if (rewardScale is not null)
        {
            foreach (var (name, values) in rewardScale.StateTensors())
            {
                yield return StateTensor.Of("reward_norm." + name, [values.Length], values);
            }

            yield return StateTensor.Of("reward_norm.discounted", [discountedReturns.Length], discountedReturns);
        }

        yield return StateTensor.Of("env.actions", environments.HistoryShape, environments.ActionHistory);
        yield return StateTensor.Of("episodes.recent", [RecentEpisodes], recent);
    }

    private static long Whole(JsonObject state, string field) =>
        state[field] is JsonValue value && value.TryGetValue(out long number) && number >= 0
            ? number
            : throw new CheckpointException($"field job.{field} is missing or not a whole number ≥ 0.");

    private long[] Counters(JsonObject state, string field)
    {
        if (state[field] is not JsonArray array || array.Count != config.Envs)
        {
            throw new CheckpointException($"field job.{field} must list {config.Envs} counters, one per environment.");
        }

        return array.Select(n => n is JsonValue v && v.TryGetValue(out long x) && x >= 0 && x <= uint.MaxValue
            ? x
            : throw new CheckpointException($"field job.{field} holds {n?.ToJsonString() ?? "null"}, not a whole number ≥ 0.")).ToArray();
    }
}
