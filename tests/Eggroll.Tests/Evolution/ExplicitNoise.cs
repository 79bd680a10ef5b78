using Eggroll.Noise;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>
/// Materialises each member's perturbation matrix E_t straight from the noise keys, as the
/// specification defines it, to check the fast paths against.
/// </summary>
internal static class ExplicitNoise
{
    /// <summary>EGGROLL: E_t = s_t/√r · A_p B_pᵀ, A_p (m×r) from stream elements [0, rm) as Aᵀ, B_p (n×r) from [rm, r(m+n)) as Bᵀ.</summary>
    public static double[,] LowRank(ulong seed, uint noiseEpoch, Parameter w, int member, int rank)
    {
        int m = w.Rows, n = w.Cols;
        var key = new NoiseKey(seed, (uint)w.Id, noiseEpoch, (uint)(member / 2));
        var at = new float[rank * m];
        var bt = new float[rank * n];
        GaussianNoise.Fill(key, 0, at);
        GaussianNoise.Fill(key, rank * m, bt);
        var e = new double[m, n];
        double scale = AntitheticPairs.SignOf(member) / Math.Sqrt(rank);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < rank; k++)
                {
                    sum += (double)at[k * m + i] * bt[k * n + j];
                }

                e[i, j] = scale * sum;
            }
        }

        return e;
    }

    /// <summary>Full rank (OpenES, and every vector): E_t = s_t·ε_p, the first m·n elements of the stream.</summary>
    public static double[,] Full(ulong seed, uint noiseEpoch, Parameter w, int member)
    {
        var key = new NoiseKey(seed, (uint)w.Id, noiseEpoch, (uint)(member / 2));
        var noise = new float[w.Count];
        GaussianNoise.Fill(key, noise);
        var e = new double[w.Rows, w.Cols];
        for (int i = 0; i < w.Rows; i++)
        {
            for (int j = 0; j < w.Cols; j++)
            {
                e[i, j] = AntitheticPairs.SignOf(member) * noise[i * w.Cols + j];
            }
        }

        return e;
    }
}
