using Eggroll.Numerics;

namespace Eggroll.Models.Backward;

/// <summary>Mean softmax cross-entropy over rows of logits, and its gradient.</summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Returns L = −(1/rows)·Σ_i log softmax(z_i)[target_i] and writes dL/dz = (softmax(z) − onehot(target))/rows
    /// into <paramref name="logitsGradient"/> (which may be <paramref name="logits"/>). Softmax is computed after
    /// subtracting the row maximum, in double precision.
    /// </summary>
    public static double Run(Matrix logits, ReadOnlySpan<int> targets, Matrix logitsGradient)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(logitsGradient);
        int rows = logits.Rows, classes = logits.Cols;
        if (targets.Length != rows || logitsGradient.Rows != rows || logitsGradient.Cols != classes)
        {
            throw new ArgumentException($"Cross-entropy over {rows}×{classes} logits needs {rows} targets and a gradient of the same shape.", nameof(targets));
        }

        double loss = 0;
        for (int i = 0; i < rows; i++)
        {
            if ((uint)targets[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), targets[i], $"Target at row {i} is not one of the {classes} classes.");
            }

            var z = logits.Row(i);
            var dz = logitsGradient.Row(i);
            double max = double.NegativeInfinity;
            for (int j = 0; j < classes; j++)
            {
                max = Math.Max(max, z[j]);
            }

            double sum = 0;
            for (int j = 0; j < classes; j++)
            {
                sum += Math.Exp(z[j] - max);
            }

            double logSum = max + Math.Log(sum);
            loss -= z[targets[i]] - logSum;
            for (int j = 0; j < classes; j++)
            {
                double p = Math.Exp(z[j] - logSum);
                dz[j] = (float)((p - (j == targets[i] ? 1 : 0)) / rows);
            }
        }

        return loss / rows;
    }
}
