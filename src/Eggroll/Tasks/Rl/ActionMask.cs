namespace Eggroll.Tasks.Rl;

/// <summary>
/// Valid-action masks of discrete environments whose observations carry one (<see cref="DiscreteSpace.MaskOffset"/>):
/// a value above 0 marks a valid action. An empty mask stands for "every action valid"; so does a mask with no valid
/// action, which a policy only meets in a state no action can leave, so that it still acts as without a mask.
/// </summary>
public static class ActionMask
{
    /// <summary>
    /// The mask <paramref name="observation"/> carries for <paramref name="space"/> when <paramref name="masked"/> is set
    /// and the space has one (empty otherwise, and when it marks no action valid).
    /// </summary>
    public static ReadOnlySpan<float> Of(ReadOnlySpan<float> observation, Space space, bool masked)
    {
        if (!masked || space is not DiscreteSpace { MaskOffset: { } offset } discrete)
        {
            return [];
        }

        var mask = observation.Slice(offset, discrete.Count);
        foreach (float value in mask)
        {
            if (value > 0)
            {
                return mask;
            }
        }

        return [];
    }

    /// <summary>Whether <paramref name="mask"/> (from <see cref="Of"/>) allows action <paramref name="action"/>.</summary>
    public static bool IsValid(ReadOnlySpan<float> mask, int action) => mask.IsEmpty || mask[action] > 0;

    /// <summary>The valid action with the largest logit, the lowest index on ties.</summary>
    public static int Argmax(ReadOnlySpan<float> logits, ReadOnlySpan<float> mask)
    {
        int best = -1;
        for (int j = 0; j < logits.Length; j++)
        {
            if (IsValid(mask, j) && (best < 0 || logits[j] > logits[best]))
            {
                best = j;
            }
        }

        return best;
    }

    /// <summary>Throws, naming <paramref name="parameterName"/>, when <paramref name="space"/>'s mask would lie outside observations of <paramref name="observationSize"/> values.</summary>
    public static void CheckFits(Space space, int observationSize, string parameterName)
    {
        if (space is DiscreteSpace { MaskOffset: { } offset } discrete && offset + discrete.Count > observationSize)
        {
            throw new ArgumentException($"The action mask at [{offset}, {offset + discrete.Count}) lies outside observations of {observationSize} values.", parameterName);
        }
    }
}
