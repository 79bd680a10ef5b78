using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Training.Optimizers;

/// <summary>
/// Applies ascent steps to a model's evolving parameters and keeps the per-parameter state
/// (momentum, moments) that a checkpoint must carry for an exact resume.
/// </summary>
public sealed class Optimizer
{
    // Parameters are stepped in blocks of this many values, in parallel; block boundaries do not depend on the thread count.
    private const int ChunkSize = 1 << 14;

    private readonly OptimizerConfig config;
    private readonly float[]?[] first;
    private readonly float[]?[] second;
    private readonly (int Id, int Start, int Length)[] chunks;
    private readonly double[] chunkSquares;
    private readonly double[] updateNorms;
    private readonly Action<int> stepChunk;
    private IReadOnlyList<float[]> stepGradients = [];
    private OptimizerKernels.StepSettings stepSettings;

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

        chunks = parameters.Entries
            .Where(e => !e.Parameter.Frozen)
            .SelectMany(e => Enumerable.Range(0, (e.Parameter.Count + ChunkSize - 1) / ChunkSize)
                .Select(c => (e.Parameter.Id, c * ChunkSize, Math.Min(ChunkSize, e.Parameter.Count - (c * ChunkSize)))))
            .ToArray();
        chunkSquares = new double[chunks.Length];
        updateNorms = new double[parameters.Count];
        stepChunk = StepChunk;
    }

    /// <summary>The parameters updated.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Number of steps taken so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// Takes one ascent step: every evolving parameter moves along its gradient
    /// <paramref name="gradients"/>[id] (already in the configured convention's units).
    /// </summary>
    public void Step(IReadOnlyList<float[]> gradients) => Step(gradients, 1f);

    /// <summary>
    /// As <see cref="Step(IReadOnlyList{float[]})"/> with the learning rate (and AdamW's decay with it) multiplied by
    /// <paramref name="learningRateScale"/> for this step only, e.g. for a linearly annealed schedule. To descend a
    /// loss, pass its negated gradient.
    /// </summary>
    public void Step(IReadOnlyList<float[]> gradients, float learningRateScale)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (!(learningRateScale >= 0f) || !float.IsFinite(learningRateScale))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRateScale), learningRateScale, "The learning-rate scale must be a finite number ≥ 0.");
        }

        foreach (var entry in Parameters)
        {
            var p = entry.Parameter;
            if (!p.Frozen && (p.Id >= gradients.Count || gradients[p.Id] is not { } g || g.Length != p.Count))
            {
                throw new ArgumentException($"The gradient of '{entry.Name}' must hold {p.Count} values.", nameof(gradients));
            }
        }

        StepCount++;
        float lr = config.LearningRate * learningRateScale;
        stepSettings = new OptimizerKernels.StepSettings(
            lr, config.Momentum, config.Beta1, config.Beta2,
            1f - MathF.Pow(config.Beta1, StepCount), 1f - MathF.Pow(config.Beta2, StepCount), config.Epsilon,
            config.Kind == OptimizerKind.AdamW ? lr * config.WeightDecay : 0f);
        stepGradients = gradients;
        Parallelism.For(chunks.Length, stepChunk);
        stepGradients = [];
        Array.Clear(updateNorms);
        for (int i = 0; i < chunks.Length; i++)
        {
            updateNorms[chunks[i].Id] += chunkSquares[i];
        }

        for (int id = 0; id < updateNorms.Length; id++)
        {
            updateNorms[id] = Math.Sqrt(updateNorms[id]);
        }
    }

    /// <summary>The L2 norm of the change the last <see cref="Step(IReadOnlyList{float[]}, float)"/> applied to parameter <paramref name="parameterId"/> (0 for frozen ones).</summary>
    public double UpdateNorm(int parameterId) => updateNorms[parameterId];

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

    private void StepChunk(int index)
    {
        var (id, start, length) = chunks[index];
        var parameter = Parameters[id].Parameter;
        if (parameter.Frozen)
        {
            chunkSquares[index] = 0;
            return;
        }

        var value = parameter.Value.AsSpan(start, length);
        var gradient = stepGradients[id].AsSpan(start, length);
        var m = first[id] is { } f ? f.AsSpan(start, length) : [];
        var v = second[id] is { } w ? w.AsSpan(start, length) : [];
        chunkSquares[index] = config.Kind switch
        {
            OptimizerKind.Sgd when m.IsEmpty => OptimizerKernels.Sgd(value, gradient, stepSettings),
            OptimizerKind.Sgd => OptimizerKernels.Momentum(value, gradient, m, stepSettings),
            _ => OptimizerKernels.Adam(value, gradient, m, v, parameter.Kind == ParameterKind.Vector ? stepSettings with { Decay = 0f } : stepSettings),
        };
    }
}
