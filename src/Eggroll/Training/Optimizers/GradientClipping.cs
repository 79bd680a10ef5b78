namespace Eggroll.Training.Optimizers;

/// <summary>Global-norm gradient clipping, as <c>torch.nn.utils.clip_grad_norm_</c> does it.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Computes the L2 norm of all <paramref name="gradients"/> together (in double, array by array in order, so
    /// the result does not depend on threads) and, when it exceeds <paramref name="maxNorm"/>, scales every value
    /// by maxNorm/(norm + 1e-6). Returns the norm before clipping.
    /// </summary>
    public static double ClipGlobalNorm(IReadOnlyList<float[]> gradients, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (!(maxNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must be positive.");
        }

        double squares = 0;
        foreach (var gradient in gradients)
        {
            foreach (float g in gradient)
            {
                squares += (double)g * g;
            }
        }

        double norm = Math.Sqrt(squares);
        if (norm > maxNorm)
        {
            float scale = (float)(maxNorm / (norm + 1e-6));
            foreach (var gradient in gradients)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, scale, gradient);
            }
        }

        return norm;
    }
}
