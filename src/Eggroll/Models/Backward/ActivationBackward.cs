namespace Eggroll.Models.Backward;

/// <summary>The backward pass of the element-wise <see cref="Activation"/>s.</summary>
public static class ActivationBackward
{
    /// <summary>
    /// Writes dx = dy·f′(x) for <paramref name="kind"/>, where <paramref name="preActivation"/> is the
    /// activation's input x. <paramref name="inputGradient"/> may be <paramref name="outputGradient"/>.
    /// ReLU's derivative at 0 is taken as 0.
    /// </summary>
    public static void Run(ActivationKind kind, ReadOnlySpan<float> preActivation, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        if (outputGradient.Length != preActivation.Length || inputGradient.Length != preActivation.Length)
        {
            throw new ArgumentException($"Activation backward needs spans of {preActivation.Length} values, got {outputGradient.Length} and {inputGradient.Length}.", nameof(inputGradient));
        }

        for (int i = 0; i < preActivation.Length; i++)
        {
            float x = preActivation[i];
            inputGradient[i] = outputGradient[i] * Derivative(kind, x);
        }
    }

    private static float Derivative(ActivationKind kind, float x)
    {
        switch (kind)
        {
            case ActivationKind.Relu:
                return x > 0f ? 1f : 0f;
            case ActivationKind.Tanh:
                float t = MathF.Tanh(x);
                return 1f - (t * t);
            default:
                float s = 1f / (1f + MathF.Exp(-x));
                return s * (1f + (x * (1f - s)));
        }
    }
}
