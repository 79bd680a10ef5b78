using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Training.Optimizers;

namespace Eggroll.Training;

/// <summary>
/// What a job trained by gradients keeps between epochs: its parameters, the optimiser and its slots, and the options a
/// resumed run must match. It turns a loss gradient into an optimiser step and saves, restores and health-checks that state.
/// </summary>
public sealed class BackpropTraining
{
    private const string OptimizerStepsField = "optimizerSteps";

    private readonly ParameterSet parameters;
    private readonly Optimizer optimizer;
    private readonly string optionsJson;

    /// <summary>Creates the state for <paramref name="parameterSet"/>; <paramref name="options"/> (compact JSON) is what a checkpoint must have been written with.</summary>
    public BackpropTraining(ParameterSet parameterSet, OptimizerConfig optimizerConfig, string options)
    {
        ArgumentNullException.ThrowIfNull(parameterSet);
        ArgumentNullException.ThrowIfNull(optimizerConfig);
        ArgumentNullException.ThrowIfNull(options);
        parameters = parameterSet;
        optimizer = new Optimizer(parameterSet, optimizerConfig);
        optionsJson = options;
        StateTensors =
        [
            .. Trainer.ParameterTensors(parameterSet),
            .. optimizer.StateTensors().Select(s => StateTensor.Of("optimizer." + s.Name, [s.Values.Length], s.Values)),
        ];
    }

    /// <summary>The parameters and the optimiser's slots, as a checkpoint saves them.</summary>
    public IReadOnlyList<StateTensor> StateTensors { get; }

    /// <summary>Descends <paramref name="lossGradients"/> (dL/dθ, negated in place, its global norm clipped to <paramref name="maxGradNorm"/>) by one optimiser step.</summary>
    public void Descend(IReadOnlyList<float[]> lossGradients, double maxGradNorm)
    {
        ArgumentNullException.ThrowIfNull(lossGradients);
        foreach (var gradient in lossGradients)
        {
            TensorPrimitives.Negate(gradient, gradient);
        }

        GradientClipping.ClipGlobalNorm(lossGradients, maxGradNorm);
        optimizer.Step(lossGradients);
    }

    /// <summary>The small state: the optimiser's step count and the options.</summary>
    public JsonObject SaveState() => new()
    {
        [OptimizerStepsField] = optimizer.StepCount,
        ["options"] = JsonNode.Parse(optionsJson),
    };

    /// <summary>Checks <paramref name="state"/> (the options, the step count), then copies <paramref name="tensors"/> in; nothing changes when a check fails.</summary>
    /// <exception cref="CheckpointException">The options differ or the step count is missing; the message names it.</exception>
    public void Restore(JsonObject state, CheckpointTensors tensors)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(tensors);
        JobStateChecks.RequireOptions(state, optionsJson);
        long steps = JobStateChecks.Count(state, OptimizerStepsField);
        tensors.CopyInto(StateTensors);
        optimizer.RestoreStepCount(steps);
    }

    /// <summary>Why training cannot go on: <paramref name="loss"/> (of epoch <paramref name="epoch"/>, named <paramref name="lossName"/>) or a parameter is NaN or infinite; null when healthy.</summary>
    public string? DescribeDivergence(string lossName, long epoch, double loss)
    {
        if (epoch > 0 && !double.IsFinite(loss))
        {
            return $"the {lossName} of epoch {epoch} is NaN or infinite";
        }

        foreach (var entry in parameters.Entries.Where(e => !VectorOps.AllFinite(e.Parameter.Value)))
        {
            return $"parameter '{entry.Name}' is NaN or infinite";
        }

        return null;
    }
}
