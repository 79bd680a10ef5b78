using Eggroll.Models.Rwkv;

namespace Eggroll.Tests.Gradients;

/// <summary>Finite differences in one RWKV-7 checkpoint tensor against the analytic gradient of its parameter, compared in checkpoint layout.</summary>
internal static class RwkvTensorCheck
{
    /// <summary>Within this fraction of the tensor's largest finite difference.</summary>
    public const double Tolerance = 2e-4;

    /// <summary>
    /// Perturbs the entries <paramref name="indices"/> of <paramref name="tensor"/> in <paramref name="weights"/> (checkpoint
    /// layout, float64), evaluates <paramref name="loss"/> and compares with the parameter's gradient (adapters transposed back).
    /// </summary>
    public static void Matches(RwkvTensor tensor, IReadOnlyList<float[]> gradients, IReadOnlyDictionary<string, double[]> weights, Func<IReadOnlyDictionary<string, double[]>, double> loss, IReadOnlyList<int> indices)
    {
        var analytic = gradients[tensor.Parameter.Id];
        if (tensor.Transposed)
        {
            int rows = tensor.Parameter.Rows, cols = tensor.Parameter.Cols;
            var checkpoint = new float[analytic.Length];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    checkpoint[(j * rows) + i] = analytic[(i * cols) + j];
                }
            }

            analytic = checkpoint;
        }

        GradientCheck.MatchesAt(tensor.Key, weights[tensor.Key], v => loss(new Dictionary<string, double[]>(weights) { [tensor.Key] = v }), analytic, indices, Tolerance);
    }

    /// <summary>Every entry of a tensor of <paramref name="length"/> values, or up to <paramref name="sample"/> random ones.</summary>
    public static int[] Entries(int length, int sample, Random random) =>
        sample >= length ? Enumerable.Range(0, length).ToArray() : Enumerable.Range(0, sample).Select(_ => random.Next(length)).Distinct().ToArray();
}
