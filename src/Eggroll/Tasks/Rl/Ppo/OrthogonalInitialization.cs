using Eggroll.Models;
using Eggroll.Population;

namespace Eggroll.Tasks.Rl.Ppo;

/// <summary>
/// CleanRL's layer initialisation: each Linear weight is a random orthogonal matrix times a gain (as
/// <c>torch.nn.init.orthogonal_</c>: Gram–Schmidt on a Gaussian matrix, signs fixed by R's diagonal), biases 0.
/// </summary>
internal static class OrthogonalInitialization
{
    /// <summary>Initialises every Linear of <paramref name="network"/>: gain √2 for hidden layers, <paramref name="outputGain"/> for the last.</summary>
    public static void Apply(Sequential network, double outputGain, ulong seed, uint firstStream)
    {
        var linears = network.Layers.OfType<Linear>().ToArray();
        for (int i = 0; i < linears.Length; i++)
        {
            Orthogonal(linears[i].Weight, i + 1 == linears.Length ? outputGain : Math.Sqrt(2), seed, firstStream + (uint)i);
            if (linears[i].Bias is { } bias)
            {
                Array.Clear(bias.Value);
            }
        }
    }

    private static void Orthogonal(Parameter weight, double gain, ulong seed, uint stream)
    {
        int rows = weight.Rows, cols = weight.Cols;
        bool tall = rows >= cols;
        int length = tall ? rows : cols, count = tall ? cols : rows;
        var q = new double[count][];
        for (int c = 0; c < count; c++)
        {
            var v = new double[length];
            for (int i = 0; i < length; i++)
            {
                v[i] = PpoRandom.Normal(seed, PpoRandom.Purpose.Initialization, stream, (uint)((c * length) + i));
            }

            for (int p = 0; p < c; p++)
            {
                double dot = Dot(q[p], v);
                for (int i = 0; i < length; i++)
                {
                    v[i] -= dot * q[p][i];
                }
            }

            double norm = Math.Sqrt(Dot(v, v));
            q[c] = v.Select(x => x / norm).ToArray();
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                weight.Value[(r * cols) + c] = (float)(gain * (tall ? q[c][r] : q[r][c]));
            }
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
