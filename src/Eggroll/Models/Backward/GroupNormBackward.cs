using Eggroll.Numerics;

namespace Eggroll.Models.Backward;

/// <summary>
/// The backward pass of a group norm over consecutive groups of a row (RWKV-7's ln_x normalises each head):
/// y = g⊙x̂ + b with x̂ = (x − μ)/√(σ² + ε), the mean and variance taken per group, g and b per channel.
/// </summary>
public static class GroupNormBackward
{
    /// <summary>
    /// From dY and the norm's input X (rows×width, groups of <paramref name="groupSize"/> channels) writes
    /// dGain = Σ_rows dY⊙x̂, dBias = Σ_rows dY and, when given, dX. Gradients are overwritten.
    /// </summary>
    public static void Run(Matrix input, int groupSize, ReadOnlySpan<float> gain, float epsilon, Matrix outputGradient, Span<float> gainGradient, Span<float> biasGradient, Matrix? inputGradient)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputGradient);
        int width = input.Cols;
        if (groupSize < 1 || width % groupSize != 0 || gain.Length != width || outputGradient.Cols != width || outputGradient.Rows != input.Rows
            || gainGradient.Length < width || biasGradient.Length < width || (inputGradient is not null && (inputGradient.Rows != input.Rows || inputGradient.Cols != width)))
        {
            throw new ArgumentException($"GroupNorm backward over {input.Rows}×{width} in groups of {groupSize} got a gain of {gain.Length}, an output gradient {outputGradient.Rows}×{outputGradient.Cols} and gradients of {gainGradient.Length} and {biasGradient.Length}.", nameof(outputGradient));
        }

        gainGradient[..width].Clear();
        biasGradient[..width].Clear();
        var normalized = new float[groupSize];
        var scaled = new float[groupSize];
        for (int i = 0; i < input.Rows; i++)
        {
            for (int start = 0; start < width; start += groupSize)
            {
                NormalizationBackward.Group(
                    input.Row(i).Slice(start, groupSize),
                    outputGradient.Row(i).Slice(start, groupSize),
                    gain.Slice(start, groupSize),
                    epsilon,
                    gainGradient.Slice(start, groupSize),
                    biasGradient.Slice(start, groupSize),
                    inputGradient is null ? [] : inputGradient.Row(i).Slice(start, groupSize),
                    normalized,
                    scaled);
            }
        }
    }
}
