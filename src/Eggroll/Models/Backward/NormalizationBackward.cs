using System.Numerics.Tensors;

namespace Eggroll.Models.Backward;

/// <summary>The backward pass of one normalised group y = g·x̂ + b, x̂ = (x − μ)/√(σ² + ε), shared by layer and group norms.</summary>
internal static class NormalizationBackward
{
    /// <summary>
    /// For one group x with output gradient dy: adds dy·x̂ to <paramref name="gainGradient"/> and dy to
    /// <paramref name="biasGradient"/> and, unless <paramref name="inputGradient"/> is empty, writes
    /// dx = (1/√(σ²+ε))·(d − mean(d) − x̂·mean(d·x̂)) with d = g·dy. <paramref name="normalized"/> and
    /// <paramref name="scaled"/> are scratch spans of the group's size.
    /// </summary>
    public static void Group(
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> dy,
        ReadOnlySpan<float> gain,
        float epsilon,
        Span<float> gainGradient,
        Span<float> biasGradient,
        Span<float> inputGradient,
        Span<float> normalized,
        Span<float> scaled)
    {
        int size = x.Length;
        float mean = TensorPrimitives.Sum(x) / size;
        TensorPrimitives.Subtract(x, mean, normalized);
        float inverseStd = 1f / MathF.Sqrt((TensorPrimitives.SumOfSquares(normalized) / size) + epsilon);
        TensorPrimitives.Multiply(normalized, inverseStd, normalized);
        for (int j = 0; j < size; j++)
        {
            gainGradient[j] += dy[j] * normalized[j];
            biasGradient[j] += dy[j];
        }

        if (inputGradient.IsEmpty)
        {
            return;
        }

        TensorPrimitives.Multiply(dy, gain, scaled);
        float meanScaled = TensorPrimitives.Sum(scaled) / size;
        float meanProjection = TensorPrimitives.Dot(scaled, normalized) / size;
        for (int j = 0; j < size; j++)
        {
            inputGradient[j] = inverseStd * (scaled[j] - meanScaled - (normalized[j] * meanProjection));
        }
    }
}
