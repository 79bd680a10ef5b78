using Eggroll.Noise;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>
/// Materialises each member's perturbation matrix E_t straight from the noise keys, as the
/// specification defines it, to check the fast paths against. With a shared noise table, element i of the stream
/// of a key is the table's element i of that key's slice (docs/algorithm.md §1.4).
/// </summary>
internal static class ExplicitNoise
{
    /// <summary>EGGROLL: E_t = s_t/√r · A_p B_pᵀ, A_p (m×r) from stream elements [0, rm) as Aᵀ, B_p (n×r) from [rm, r(m+n)) as Bᵀ.</summary>
    public static double[,] LowRank(ulong seed, uint noiseEpoch, Parameter w, int member, int rank, GaussianNoiseTable? table = null, NoiseDistribution distribution = NoiseDistribution.Gaussian)
    {
        int m = w.Rows, n = w.Cols;
        var key = new NoiseKey(seed, (uint)w.Id, noiseEpoch, (uint)(member / 2));
        var at = Stream(key, 0, rank * m, table, distribution);
        var bt = Stream(key, rank * m, rank * n, table, distribution);
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
    public static double[,] Full(ulong seed, uint noiseEpoch, Parameter w, int member, GaussianNoiseTable? table = null, NoiseDistribution distribution = NoiseDistribution.Gaussian)
    {
        var key = new NoiseKey(seed, (uint)w.Id, noiseEpoch, (uint)(member / 2));
        var noise = Stream(key, 0, w.Count, table, distribution);
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

    /// <summary>Elements [start, start + length) of the noise of <paramref name="key"/>: its own stream of <paramref name="distribution"/>, or its slice of <paramref name="table"/>.</summary>
    private static float[] Stream(NoiseKey key, int start, int length, GaussianNoiseTable? table, NoiseDistribution distribution)
    {
        if (table is not null)
        {
            return table.Slice(key, start, length).ToArray();
        }

        var values = new float[length];
        if (distribution == NoiseDistribution.Rademacher)
        {
            SignNoise.Fill(key, start, values);
            return values;
        }

        GaussianNoise.Fill(key, start, values);
        if (distribution == NoiseDistribution.Gaussian16)
        {
            // The definition (docs/algorithm.md §1.6): the nearest multiple of 2⁻¹², ties to even, within ±32767·2⁻¹².
            for (int i = 0; i < length; i++)
            {
                values[i] = (float)(Math.Clamp(Math.Round(values[i] * 4096.0, MidpointRounding.ToEven), -32767.0, 32767.0) / 4096.0);
            }
        }

        return values;
    }
}
