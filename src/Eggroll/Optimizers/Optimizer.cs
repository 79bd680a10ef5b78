using Eggroll.Modules;

namespace Eggroll.Optimizers;

/// <summary>
/// Applies ascent steps to a model's evolving parameters and keeps the per-parameter state
/// (momentum, moments) that a checkpoint must carry for an exact resume.
/// </summary>
public sealed class Optimizer
{
    private readonly OptimizerConfig config;
    private readonly float[]?[] first;
    private readonly float[]?[] second;

    /// <summary>Creates an optimiser for <paramref name="parameters"/>; the config must be valid.</summary>
    public Optimizer(ParameterSet parameters, OptimizerConfig config)
    {
        config.Validate();
        this.config = config;
        Parameters = parameters;
        first = new float[]?[parameters.Count];
        second = new float[]?[parameters.Count];
        foreach (var entry in parameters.Entries)
        {
            var p = entry.Parameter;
            if (p.Frozen)
            {
                continue;
            }

            if (config.Kind != OptimizerKind.Sgd || config.Momentum > 0f)
            {
                first[p.Id] = new float[p.Count];
            }

            if (config.Kind != OptimizerKind.Sgd)
            {
                second[p.Id] = new float[p.Count];
            }
        }
    }

    /// <summary>The parameters updated.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Number of steps taken so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// Takes one ascent step: every evolving parameter moves along its gradient
    /// <paramref name="gradients"/>[id] (already in the configured convention's units).
    /// </summary>
    public void Step(IReadOnlyList<float[]> gradients)
    {
        StepCount++;
        foreach (var entry in Parameters)
        {
            var p = entry.Parameter;
            if (!p.Frozen)
            {
                StepParameter(p, gradients[p.Id]);
            }
        }
    }

    /// <summary>The state tensors to checkpoint, named "slot.parameterName".</summary>
    public IEnumerable<(string Name, float[] Values)> StateTensors()
    {
        foreach (var entry in Parameters.Entries)
        {
            if (first[entry.Parameter.Id] is { } m)
            {
                yield return ($"first.{entry.Name}", m);
            }

            if (second[entry.Parameter.Id] is { } v)
            {
                yield return ($"second.{entry.Name}", v);
            }
        }
    }

    /// <summary>Restores the step count; state tensors are restored in place through <see cref="StateTensors"/>.</summary>
    public void RestoreStepCount(long stepCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        StepCount = stepCount;
    }

    private void StepParameter(Parameter parameter, float[] gradient)
    {
        var value = parameter.Value;
        float lr = config.LearningRate;
        switch (config.Kind)
        {
            case OptimizerKind.Sgd when first[parameter.Id] is { } velocity:
                for (int i = 0; i < value.Length; i++)
                {
                    velocity[i] = config.Momentum * velocity[i] + gradient[i];
                    value[i] += lr * velocity[i];
                }

                break;
            case OptimizerKind.Sgd:
                for (int i = 0; i < value.Length; i++)
                {
                    value[i] += lr * gradient[i];
                }

                break;
            default:
                AdamStep(parameter, gradient, lr);
                break;
        }
    }

    private void AdamStep(Parameter parameter, float[] gradient, float lr)
    {
        var value = parameter.Value;
        var m = first[parameter.Id]!;
        var v = second[parameter.Id]!;
        float b1 = config.Beta1, b2 = config.Beta2;
        float correction1 = 1f - MathF.Pow(b1, StepCount);
        float correction2 = 1f - MathF.Pow(b2, StepCount);
        float decay = config.Kind == OptimizerKind.AdamW && parameter.Kind != ParameterKind.Vector ? lr * config.WeightDecay : 0f;
        for (int i = 0; i < value.Length; i++)
        {
            m[i] = b1 * m[i] + (1f - b1) * gradient[i];
            v[i] = b2 * v[i] + (1f - b2) * gradient[i] * gradient[i];
            float mHat = m[i] / correction1;
            float vHat = v[i] / correction2;
            value[i] += lr * mHat / (MathF.Sqrt(vHat) + config.Epsilon) - decay * value[i];
        }
    }
}
