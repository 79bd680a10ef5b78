using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Tasks.Rl;

/// <summary>
/// A policy: optional observation normalisation, a <see cref="Models.Model"/> (usually an MLP) and an
/// action head. Discrete spaces take the argmax of the n logits (the lowest index on ties), among the
/// actions the observation marks valid when the space has a mask (<see cref="DiscreteSpace.MaskOffset"/>) and
/// <see cref="MaskActions"/> is set; box spaces map each output through <see cref="ActionSquash"/> into the bounds. <see cref="Act"/>
/// runs all rows — every member's active episodes at one time step — in one forward pass.
/// </summary>
public sealed class Policy
{
    private Matrix? normalized;

    /// <summary>Wraps <paramref name="model"/>, whose output width must be <see cref="OutputSize"/> of <paramref name="actionSpace"/>.</summary>
    public Policy(Model model, BoxSpace observationSpace, Space actionSpace, ActionSquash squash = ActionSquash.Tanh, ObservationNormalizer? normalizer = null, bool maskActions = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(actionSpace);
        if (model.Root.InputSize != observationSpace.Size || model.Root.OutputSize != OutputSize(actionSpace))
        {
            throw new ArgumentException($"The model maps {model.Root.InputSize}→{model.Root.OutputSize}; the environment needs {observationSpace.Size}→{OutputSize(actionSpace)}.", nameof(model));
        }

        if (normalizer is not null && normalizer.Size != observationSpace.Size)
        {
            throw new ArgumentException($"The normaliser has size {normalizer.Size}, observations have {observationSpace.Size}.", nameof(normalizer));
        }

        ActionMask.CheckFits(actionSpace, observationSpace.Size, nameof(actionSpace));
        Model = model;
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        Squash = squash;
        Normalizer = normalizer;
        MaskActions = maskActions;
    }

    /// <summary>The network.</summary>
    public Model Model { get; }

    /// <summary>The observations it reads.</summary>
    public BoxSpace ObservationSpace { get; }

    /// <summary>The actions it produces.</summary>
    public Space ActionSpace { get; }

    /// <summary>The continuous head's squashing (ignored for discrete actions).</summary>
    public ActionSquash Squash { get; }

    /// <summary>Running observation statistics, or null when observations are used as they are.</summary>
    public ObservationNormalizer? Normalizer { get; }

    /// <summary>Whether a discrete policy chooses only among the actions the observation's mask marks valid (when the space has one).</summary>
    public bool MaskActions { get; }

    /// <summary>Creates an MLP policy for <paramref name="environment"/> with the given hidden widths.</summary>
    public static Policy CreateMlp(IEnvironment environment, IReadOnlyList<int> hidden, ActivationKind activation, int seed, ActionSquash squash, bool normalizeObservations, bool maskActions = true)
    {
        ArgumentNullException.ThrowIfNull(environment);
        int[] sizes = [environment.ObservationSpace.Size, .. hidden, OutputSize(environment.ActionSpace)];
        var model = new Model(Mlp.Create(sizes, activation, seed));
        var normalizer = normalizeObservations ? new ObservationNormalizer(environment.ObservationSpace.Size) : null;
        return new Policy(model, environment.ObservationSpace, environment.ActionSpace, squash, normalizer, maskActions);
    }

    /// <summary>Network outputs needed for <paramref name="actionSpace"/>: n logits, or one value per box dimension.</summary>
    public static int OutputSize(Space actionSpace) => actionSpace switch
    {
        DiscreteSpace discrete => discrete.Count,
        BoxSpace box => box.Size,
        _ => throw new ArgumentException($"Unsupported action space {actionSpace.GetType().Name}.", nameof(actionSpace)),
    };

    /// <summary>Computes the action of every row of <paramref name="observations"/> (raw, unnormalised) into <paramref name="actions"/>.</summary>
    public void Act(Matrix observations, ForwardContext context, Matrix actions)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(actions);
        var input = observations;
        if (Normalizer is not null)
        {
            normalized = Matrix.Reuse(normalized, observations.Rows, observations.Cols);
            for (int i = 0; i < observations.Rows; i++)
            {
                Normalizer.Normalize(observations.Row(i), normalized.Row(i));
            }

            input = normalized;
        }

        var output = Model.Forward(input, context);
        for (int i = 0; i < observations.Rows; i++)
        {
            Decode(output.Row(i), observations.Row(i), actions.Row(i));
        }
    }

    private void Decode(ReadOnlySpan<float> output, ReadOnlySpan<float> observation, Span<float> action)
    {
        if (ActionSpace is not BoxSpace box)
        {
            action[0] = ActionMask.Argmax(output, ActionMask.Of(observation, ActionSpace, MaskActions));
            return;
        }

        for (int j = 0; j < output.Length; j++)
        {
            float low = box.Low[j], high = box.High[j];
            action[j] = Squash == ActionSquash.Tanh
                ? low + ((MathF.Tanh(output[j]) + 1f) * 0.5f * (high - low))
                : Math.Clamp(output[j], low, high);
        }
    }
}
