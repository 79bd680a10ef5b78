using System.Diagnostics;
using Eggroll.Models;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Training.Optimizers;

namespace Eggroll.Training;

/// <summary>
/// The epoch loop of evolution strategies: perturb, evaluate the whole population, shape the
/// scores, estimate the update and let the optimiser step. Everything an epoch needs is a
/// function of (seed, epoch, parameters, optimiser state), so a run restored from a
/// checkpoint continues bit for bit.
/// </summary>
public sealed class Trainer
{
    private readonly float[] scores;
    private readonly float[] shaped;
    private readonly float[] pairWeights;
    private readonly float[][] gradients;
    private readonly PopulationEvaluation evaluation;
    private int lastNonFinite;
    private double lastSeconds;

    /// <summary>Creates a trainer; validates the options and, with FreezeNonMatrix, freezes the model's vectors.</summary>
    public Trainer(Model model, IObjective objective, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(objective);
        options.Evolution.Validate();
        options.Optimizer.Validate();
        Model = model;
        Options = options;
        Objective = objective;
        if (options.Evolution.FreezeNonMatrix)
        {
            model.Parameters.FreezeNonMatrix();
        }

        Perturbation = PerturbationFactory.Create(options.Evolution, model.Parameters, options.Seed);
        Optimizer = new Optimizer(model.Parameters, options.Optimizer);
        int n = options.Evolution.Population;
        scores = new float[n];
        shaped = new float[n];
        pairWeights = new float[n / 2];
        gradients = model.Parameters.Entries.Select(e => new float[e.Parameter.Frozen ? 0 : e.Parameter.Count]).ToArray();
        evaluation = new PopulationEvaluation(0, options.Seed, Perturbation);
    }

    /// <summary>The model being trained.</summary>
    public Model Model { get; }

    /// <summary>The objective scoring the population (checkpointed too when it implements <see cref="ICheckpointedState"/>).</summary>
    public IObjective Objective { get; }

    /// <summary>The options the trainer was created with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The population's perturbation (reused across epochs).</summary>
    public Perturbation Perturbation { get; }

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
            Seconds = lastSeconds,
            Rows = evaluation.RowsEvaluated,
            RowsPerSecond = evaluation.RowsEvaluated / Math.Max(lastSeconds, 1e-9),
        };
    }

    /// <summary>
    /// Runs one epoch without building metrics: perturb, evaluate, shape, estimate, step. Once
    /// buffers are sized (after the first epoch) it allocates nothing.
    /// </summary>
    public void Step()
    {
        long start = Stopwatch.GetTimestamp();
        var evolution = Options.Evolution;
        Perturbation.SetNoiseEpoch(evolution.NoiseEpochOf(Epoch));
        evaluation.Begin(Epoch);
        Array.Clear(scores);
        Objective.Evaluate(evaluation, scores);
        lastNonFinite = FitnessShaping.Shape(scores, shaped, evolution.Shaping, evolution.GroupSize);
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
        lastSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>Sets the number of completed epochs when restoring a checkpoint.</summary>
    internal void RestoreEpoch(long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        Epoch = epoch;
    }
}
