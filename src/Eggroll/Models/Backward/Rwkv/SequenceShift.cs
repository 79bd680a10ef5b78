using System.Numerics.Tensors;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models.Backward.Rwkv;

/// <summary>
/// RWKV's token shift over a batch of sequences laid out row = sequence·steps + t: xx = x_prev − x (x_prev zero at
/// t = 0) and the mixes x + xx⊙μ, with the backward pass.
/// </summary>
internal static class SequenceShift
{
    /// <summary>Writes xx[row] = x[row − 1] − x[row], or −x[row] at the first step of a sequence.</summary>
    public static void Difference(Matrix input, int steps, Matrix difference)
    {
        for (int row = 0; row < input.Rows; row++)
        {
            if (row % steps == 0)
            {
                TensorPrimitives.Negate(input.Row(row), difference.Row(row));
            }
            else
            {
                TensorPrimitives.Subtract(input.Row(row - 1), input.Row(row), difference.Row(row));
            }
        }
    }

    /// <summary>Writes x + xx⊙μ into <paramref name="mixed"/>.</summary>
    public static void Mix(Matrix input, Matrix difference, ReadOnlySpan<float> mu, Matrix mixed)
    {
        for (int row = 0; row < input.Rows; row++)
        {
            TensorPrimitives.MultiplyAdd(difference.Row(row), mu, input.Row(row), mixed.Row(row));
        }
    }

    /// <summary>
    /// From the gradients of the mixes x + (x_prev − x)⊙μ_m writes dμ_m = Σ_rows dmixed_m⊙xx into the gradient of
    /// each μ and dx (overwritten), which gathers dmixed⊙(1 − μ) from its own row and dmixed⊙μ from the next step's.
    /// </summary>
    public static void Backward(int steps, Matrix difference, IReadOnlyList<Parameter> mus, IReadOnlyList<Matrix> mixedGradients, IReadOnlyList<float[]> gradients, Matrix inputGradient)
    {
        int rows = difference.Rows, width = difference.Cols;
        for (int m = 0; m < mus.Count; m++)
        {
            var muGradient = gradients[mus[m].Id].AsSpan(0, width);
            muGradient.Clear();
            for (int row = 0; row < rows; row++)
            {
                var dm = mixedGradients[m].Row(row);
                var xx = difference.Row(row);
                for (int j = 0; j < width; j++)
                {
                    muGradient[j] += dm[j] * xx[j];
                }
            }
        }

        Parallelism.For(rows, row =>
        {
            var dx = inputGradient.Row(row);
            dx.Clear();
            bool hasNext = (row + 1) % steps != 0;
            for (int m = 0; m < mus.Count; m++)
            {
                var mu = mus[m].Value;
                var own = mixedGradients[m].Row(row);
                for (int j = 0; j < width; j++)
                {
                    dx[j] += own[j] * (1 - mu[j]);
                }

                if (hasNext)
                {
                    TensorPrimitives.MultiplyAdd(mixedGradients[m].Row(row + 1), mu, dx, dx);
                }
            }
        });
    }
}
