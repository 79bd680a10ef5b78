using Eggroll.Models;

namespace Eggroll.Tests.Gradients;

/// <summary>Float64 forward passes written independently of the library, row-major, for the gradient checks.</summary>
internal static class Reference
{
    /// <summary>y = x·Wᵀ + b for x rows×in, W out×in, b out (or null).</summary>
    public static double[] Linear(double[] x, int rows, double[] weight, double[]? bias, int inputs, int outputs)
    {
        var y = new double[rows * outputs];
        for (int i = 0; i < rows; i++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double sum = bias?[o] ?? 0;
                for (int k = 0; k < inputs; k++)
                {
                    sum += x[(i * inputs) + k] * weight[(o * inputs) + k];
                }

                y[(i * outputs) + o] = sum;
            }
        }

        return y;
    }

    /// <summary>The activation applied element-wise.</summary>
    public static double[] Activate(ActivationKind kind, double[] x) => x.Select(v => kind switch
    {
        ActivationKind.Relu => Math.Max(0, v),
        ActivationKind.Tanh => Math.Tanh(v),
        _ => v / (1 + Math.Exp(-v)),
    }).ToArray();

    /// <summary>Per-row (x − mean)/√(var + ε)·g + b.</summary>
    public static double[] LayerNorm(double[] x, int rows, int size, double[] gain, double[] bias, double epsilon)
    {
        var y = new double[x.Length];
        for (int i = 0; i < rows; i++)
        {
            var row = x.AsSpan(i * size, size);
            double mean = 0, variance = 0;
            foreach (double v in row)
            {
                mean += v / size;
            }

            foreach (double v in row)
            {
                variance += (v - mean) * (v - mean) / size;
            }

            for (int j = 0; j < size; j++)
            {
                y[(i * size) + j] = ((row[j] - mean) / Math.Sqrt(variance + epsilon) * gain[j]) + bias[j];
            }
        }

        return y;
    }

    /// <summary>Mean over rows of −log softmax(z)[target].</summary>
    public static double CrossEntropy(double[] logits, int rows, int classes, int[] targets)
    {
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            var z = logits.AsSpan(i * classes, classes);
            double sum = 0;
            foreach (double v in z)
            {
                sum += Math.Exp(v);
            }

            total += Math.Log(sum) - z[targets[i]];
        }

        return total / rows;
    }

    /// <summary>Σ r·y: a scalar loss whose gradient with respect to y is r.</summary>
    public static double Project(double[] y, float[] r)
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += y[i] * r[i];
        }

        return sum;
    }

    /// <summary>A whole <see cref="Sequential"/> of Linear, LayerNorm and activation layers on <paramref name="rows"/> rows, with the given parameter values in the network's order.</summary>
    public static double[] Network(Sequential network, int rows, double[] x, double[][] parameters, Func<double[], double[]> activation)
    {
        int next = 0;
        foreach (var layer in network.Layers)
        {
            switch (layer)
            {
                case Models.Linear linear:
                    var weight = parameters[next++];
                    var bias = linear.Bias is null ? null : parameters[next++];
                    x = Linear(x, rows, weight, bias, linear.InputSize, linear.OutputSize);
                    break;
                case Models.LayerNorm norm:
                    x = LayerNorm(x, rows, norm.InputSize, parameters[next], parameters[next + 1], norm.Epsilon);
                    next += 2;
                    break;
                default:
                    x = activation(x);
                    break;
            }
        }

        return x;
    }
}
