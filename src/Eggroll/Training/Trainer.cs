using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Training;
using Eggroll.Models;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Training.Optimizers;

namespace Eggroll.Training;

/// <summary>
/// The epoch loop of evolution strategies: perturb, evaluate the whole population, shape the
/// scores, estimate the update and let the optimiser step. Everything an epoch needs is a
/// function of (seed, epoch, parameters, optimiser state), so a run restored from a
/// checkpoint continues bit for bit. An epoch is <see cref="Evaluate(Span{float})"/> (the population's raw scores) followed
/// by <see cref="Apply(ReadOnlySpan{float})"/> (shape, estimate, step): the update is a pure function of the state, the
/// epoch and the scores (and, for an <see cref="IMemberStatisticsObjective"/>, the members' statistics), so any machine
/// holding the same state applies the same update to scores gathered elsewhere.
/// </summary>
public sealed class Trainer : IPopulationJob
{
    private const string ParameterPrefix = "parameters.";
    private const string OptimizerPrefix = "optimizer.";
    private const string ObjectivePrefix = "objective.";
    private const string StrategyPrefix = "strategy.";

    private readonly float[] scores;
    private readonly float[] shaped;
    private readonly float[] pairWeights;
    private readonly float[][] gradients;
    private readonly IMemberStatisticsObjective? statisticsObjective;
    private readonly double[] memberStatistics;
    private readonly PopulationEvaluation evaluation;
    private readonly IReadOnlyList<StateTensor> stateTensors;
    private int lastNonFinite;
    private double lastSeconds;

    /// <summary>Creates a trainer with the strategy <see cref="EvolutionConfig.Strategy"/> names; validates the options and, with FreezeNonMatrix, freezes the model's vectors.</summary>
    public Trainer(Model model, IObjective objective, TrainerOptions options)
        : this(model, objective, options, CreateStrategy(model, options))
    {
    }

    /// <summary>
    /// Creates a trainer that evolves the model with <paramref name="strategy"/>, which must cover the model's parameters
    /// and a population of <see cref="EvolutionConfig.Population"/> members; <see cref="EvolutionConfig.Strategy"/> and
    /// <see cref="EvolutionConfig.Rank"/> are then not used. Validates the options and, with FreezeNonMatrix, freezes the model's vectors.
    /// </summary>
    public Trainer(Model model, IObjective objective, TrainerOptions options, IEvolutionStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(strategy);
        options.Evolution.Validate();
        options.Optimizer.Validate();
        if (strategy.MemberCount != options.Evolution.Population)
        {
            throw new ArgumentException($"The strategy covers {strategy.MemberCount} members but evolution.population is {options.Evolution.Population}.", nameof(strategy));
        }

        Model = model;
        Options = options;
        Objective = objective;
        if (options.Evolution.FreezeNonMatrix)
        {
            model.Parameters.FreezeNonMatrix();
        }

        Perturbation = strategy;
        Optimizer = new Optimizer(model.Parameters, options.Optimizer);
        int n = options.Evolution.Population;
        scores = new float[n];
        shaped = new float[n];
        pairWeights = new float[n / 2];
        gradients = model.Parameters.Entries.Select(e => new float[e.Parameter.Frozen ? 0 : e.Parameter.Count]).ToArray();
        statisticsObjective = objective as IMemberStatisticsObjective;
        memberStatistics = new double[n * MemberStatisticsLength];
        evaluation = new PopulationEvaluation(0, options.Seed, Perturbation);
        stateTensors = CreateStateTensors();
    }

    /// <summary>The run kind written to checkpoints (default "evolution"; the CLI uses "supervised" and "rl").</summary>
    public string Kind { get; init; } = "evolution";

    /// <summary>The model being trained.</summary>
    public Model Model { get; }

    /// <summary>The objective scoring the population (checkpointed too when it implements <see cref="ICheckpointedState"/>).</summary>
    public IObjective Objective { get; }

    /// <summary>The options the trainer was created with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The strategy perturbing the population (reused across epochs).</summary>
    public IEvolutionStrategy Perturbation { get; }

    /// <summary>The optimiser and its state.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Number of epochs completed; the next epoch has this 0-based index.</summary>
    public long Epoch { get; private set; }

    /// <summary>
    /// Factor between the textbook gradient estimate and what the optimiser receives:
    /// 1 for <see cref="LearningRateConvention.Textbook"/>, σ²·√N for <see cref="LearningRateConvention.Authors"/>.
    /// </summary>
    public float GradientScale => Options.Optimizer.Convention == LearningRateConvention.Authors
        ? Options.Evolution.Sigma * Options.Evolution.Sigma * MathF.Sqrt(Options.Evolution.Population)
        : 1f;

    /// <summary>Runs one epoch and returns its metrics (a new record; the epoch itself allocates nothing).</summary>
    public EpochMetrics RunEpoch()
    {
        Step();
        return Metrics(lastSeconds, evaluation.RowsEvaluated);
    }

    /// <inheritdoc />
    public int Population => Options.Evolution.Population;

    /// <inheritdoc />
    public bool UsesPairSignsOnly => Options.Evolution.Shaping == ShapingKind.PairSign;

    /// <inheritdoc />
    public int MemberStatisticsLength => statisticsObjective?.MemberStatisticsLength ?? 0;

    /// <inheritdoc />
    public EvaluationTally LastTally => new(evaluation.RowsEvaluated, 0);

    /// <inheritdoc />
    IEpochReport IPopulationJob.Metrics(double seconds, EvaluationTally tally) => Metrics(seconds, tally.Rows);

    /// <summary>
    /// The metrics of the epoch just completed (by <see cref="Step"/> or <see cref="Apply(ReadOnlySpan{float})"/>), given its wall time
    /// <paramref name="seconds"/> and the <paramref name="rows"/> its evaluation pushed, wherever that ran.
    /// </summary>
    public EpochMetrics Metrics(double seconds, long rows)
    {
        var parameters = Model.Parameters.Entries;
        var norms = new Dictionary<string, double>(parameters.Count);
        foreach (var entry in parameters)
        {
            if (!entry.Parameter.Frozen)
            {
                norms[entry.Name] = Optimizer.UpdateNorm(entry.Parameter.Id);
            }
        }

        return new EpochMetrics
        {
            Epoch = Epoch,
            ScoreMean = FiniteStatistics.Mean(scores),
            ScoreMin = FiniteStatistics.Min(scores),
            ScoreMax = FiniteStatistics.Max(scores),
            NonFiniteScores = lastNonFinite,
            ShapedMean = FiniteStatistics.Mean(shaped),
            ShapedStd = FiniteStatistics.StandardDeviation(shaped),
            UpdateNorms = norms,
            Seconds = seconds,
            Rows = rows,
            RowsPerSecond = rows / Math.Max(seconds, 1e-9),
        };
    }

    /// <summary>
    /// Runs one epoch without building metrics: <see cref="Evaluate(Span{float})"/> then <see cref="Apply(ReadOnlySpan{float})"/>. Once buffers
    /// are sized (after the first epoch) it allocates nothing.
    /// </summary>
    public void Step()
    {
        long start = Stopwatch.GetTimestamp();
        Evaluate(scores);
        Apply(scores);
        lastSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>Writes the raw score of every member of the next epoch (index <see cref="Epoch"/>) into <paramref name="memberScores"/>.</summary>
    public void Evaluate(Span<float> memberScores)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(memberScores.Length, scores.Length, nameof(memberScores));
        Evaluate(0, memberScores);
    }

    /// <summary>
    /// Writes the raw scores of members [<paramref name="firstMember"/>, firstMember + memberScores.Length) of the next
    /// epoch into <paramref name="memberScores"/>, keeping their statistics (if the objective reports any) for
    /// <see cref="Apply(ReadOnlySpan{float})"/>; the range must be pair-aligned (both ends even). A member's score
    /// depends only on its index, so the scores of ranges that tile the population, concatenated, are bit-identical
    /// to <see cref="Evaluate(Span{float})"/>'s.
    /// </summary>
    public void Evaluate(int firstMember, Span<float> memberScores)
    {
        int length = MemberStatisticsLength;
        Evaluate(firstMember, memberScores, memberStatistics.AsSpan(firstMember * length, memberScores.Length * length));
    }

    /// <inheritdoc />
    public void Evaluate(int firstMember, Span<float> memberScores, Span<double> memberStatistics)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(memberStatistics.Length, memberScores.Length * MemberStatisticsLength, nameof(memberStatistics));
        Perturbation.SetNoiseEpoch(Options.Evolution.NoiseEpochOf(Epoch));
        evaluation.Begin(Epoch, firstMember, memberScores.Length);
        memberScores.Clear();
        Objective.Evaluate(evaluation, memberScores);
        statisticsObjective?.WriteMemberStatistics(memberStatistics);
    }

    /// <inheritdoc />
    public string? DescribeInvalidStatistics(ReadOnlySpan<double> memberStatistics) =>
        statisticsObjective is null ? NoMemberStatistics.DescribeInvalid(memberStatistics) : statisticsObjective.DescribeInvalid(memberStatistics);

    /// <summary>
    /// Completes the epoch from the members' raw scores and the statistics its evaluations kept (see
    /// <see cref="Apply(ReadOnlySpan{float}, ReadOnlySpan{double})"/>).
    /// </summary>
    public void Apply(ReadOnlySpan<float> memberScores) => Apply(memberScores, memberStatistics);

    /// <summary>
    /// Completes the epoch from the members' raw scores and statistics: folds the statistics into the objective, shapes
    /// the scores (non-finite scores count as the worst), estimates the update of every evolving parameter and lets the
    /// optimiser step.
    /// </summary>
    public void Apply(ReadOnlySpan<float> memberScores, ReadOnlySpan<double> memberStatistics)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(memberScores.Length, scores.Length, nameof(memberScores));
        ArgumentOutOfRangeException.ThrowIfNotEqual(memberStatistics.Length, this.memberStatistics.Length, nameof(memberStatistics));
        var evolution = Options.Evolution;
        if (!memberScores.Overlaps(scores))
        {
            memberScores.CopyTo(scores);
        }

        statisticsObjective?.Commit(memberStatistics);
        lastNonFinite = FitnessShaping.Shape(scores, shaped, evolution.Shaping, evolution.GroupSize);
        Perturbation.SetNoiseEpoch(evolution.NoiseEpochOf(Epoch));
        Perturbation.PairWeights(shaped, pairWeights);

        foreach (var entry in Model.Parameters)
        {
            var p = entry.Parameter;
            if (p.Frozen)
            {
                continue;
            }

            Perturbation.Estimate(p, pairWeights, gradients[p.Id]);
            if (GradientScale != 1f)
            {
                Numerics.VectorOps.Scale(gradients[p.Id], GradientScale);
            }
        }

        Optimizer.Step(gradients);
        Epoch++;
    }

    /// <inheritdoc />
    IEpochReport ITrainingJob.RunEpoch() => RunEpoch();

    /// <inheritdoc />
    public IReadOnlyList<StateTensor> StateTensors() => stateTensors;

    /// <inheritdoc />
    public JsonObject SaveState() => new()
    {
        ["optimizerSteps"] = Optimizer.StepCount,
        ["options"] = JsonSerializer.SerializeToNode(Options, JsonDefaults.Options),
    };

    /// <inheritdoc />
    public void Restore(long epoch, JsonObject state, CheckpointTensors tensors)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        JobStateChecks.RequireOptions(state, JsonSerializer.Serialize(Options, JsonDefaults.Compact));
        long stepCount = JobStateChecks.Count(state, "optimizerSteps");
        tensors.CopyInto(stateTensors);
        Optimizer.RestoreStepCount(stepCount);
        Epoch = epoch;
    }

    /// <inheritdoc />
    public string? DescribeDivergence()
    {
        if (lastNonFinite == scores.Length)
        {
            return "every member's score was NaN or infinite";
        }

        foreach (var entry in Model.Parameters.Entries)
        {
            if (!Numerics.VectorOps.AllFinite(entry.Parameter.Value))
            {
                return $"parameter '{entry.Name}' is NaN or infinite";
            }
        }

        return null;
    }

    /// <summary>The checkpoint tensors of <paramref name="parameters"/> as a trainer saves them ("parameters." + name), live over their values.</summary>
    public static IReadOnlyList<StateTensor> ParameterTensors(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Entries.Select(entry =>
        {
            var p = entry.Parameter;
            int[] shape = p.Kind == ParameterKind.Vector ? [p.Cols] : [p.Rows, p.Cols];
            return StateTensor.Of(ParameterPrefix + entry.Name, shape, p.Value);
        }).ToArray();
    }

    private List<StateTensor> CreateStateTensors()
    {
        var tensors = new List<StateTensor>(ParameterTensors(Model.Parameters));
        tensors.AddRange(Optimizer.StateTensors().Select(s => StateTensor.Of(OptimizerPrefix + s.Name, [s.Values.Length], s.Values)));
        if (Objective is ICheckpointedState objectiveState)
        {
            tensors.AddRange(objectiveState.StateTensors().Select(s => StateTensor.Of(ObjectivePrefix + s.Name, [s.Values.Length], s.Values)));
        }

        tensors.AddRange(Perturbation.StateTensors().Select(s => StateTensor.Of(StrategyPrefix + s.Name, [s.Values.Length], s.Values)));
        return tensors;
    }

    private static IEvolutionStrategy CreateStrategy(Model model, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        return StrategyFactory.Create(options.Evolution, model.Parameters, options.Seed);
    }
}
