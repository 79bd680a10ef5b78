using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// OpenES's perturbation: every matrix and embedding gets full Gaussian noise σ·ε_p (m×n).
/// When all pairs' noise of a parameter fits in <see cref="CacheLimit"/> values it is
/// generated once per noise epoch; otherwise each pair's noise is regenerated where it is
/// used, which is what makes full-rank ES expensive for wide layers.
/// </summary>
public sealed class FullRankPerturbation : Perturbation
{
    /// <summary>Default for the largest number of noise values cached per parameter (128 MiB of floats).</summary>
    public const long DefaultCacheLimit = 32L << 20;

    private const int EstimateRowBlock = 16;

    private readonly float[]?[] cachedNoise;

    [ThreadStatic]
    private static float[]? scratch;

    /// <summary>Creates the perturbation; a parameter whose noise for all pairs exceeds <paramref name="cacheLimit"/> values is regenerated where used.</summary>
    public FullRankPerturbation(ParameterSet parameters, ulong seed, int memberCount, float sigma, long cacheLimit = DefaultCacheLimit)
        : base(parameters, seed, memberCount, sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cacheLimit);
        cachedNoise = new float[]?[parameters.Count];
        CacheLimit = cacheLimit;
    }

    /// <summary>Largest number of noise values cached per parameter.</summary>
    public long CacheLimit { get; }

    /// <inheritdoc/>
    private protected override void GenerateMatrixNoise(Parameter parameter)
    {
        int size = parameter.Count;
        if ((long)PairCount * size > CacheLimit)
        {
            return;
        }

        var noise = cachedNoise[parameter.Id] ??= new float[PairCount * size];
        FillPairNoise(parameter, noise, size);
    }

    /// <summary>Nothing: full-rank noise cannot be folded into the shared product.</summary>
    private protected override void PrepareMatrixNoise(Parameter weight, Matrix x, MemberRows rows, PopulationRowTerms terms)
    {
    }

    /// <summary>Adds s_t·σ·x_t·ε_pᵀ for each member, one small product per member, both members of a pair sharing ε_p.</summary>
    private protected override void AddMatrixNoiseAfterProduct(Parameter weight, Matrix x, Matrix y, MemberRows rows)
    {
        int m = weight.Rows, n = weight.Cols;
        int pairsInBatch = (rows.MemberCount + 1) / 2;
        Parallelism.For(pairsInBatch, p =>
        {
            var noise = NoiseOfPair(weight, p, 0, weight.Count);
            for (int t = 2 * p; t < Math.Min(2 * p + 2, rows.MemberCount); t++)
            {
                int start = rows.Start(t), count = rows.End(t) - start;
                if (count == 0)
                {
                    continue;
                }

                Gemm.Multiply(
                    Transpose.No, Transpose.Yes, count, m, n, SignOf(t) * Sigma,
                    x.Data.AsSpan(start * n), n, noise, n, 1f, y.Data.AsSpan(start * m), m);
            }
        });
    }

    /// <inheritdoc/>
    private protected override void AddEmbeddingNoiseCore(Parameter table, ReadOnlySpan<int> tokens, Matrix y, MemberRows rows)
    {
        int width = table.Cols;
        for (int t = 0; t < rows.MemberCount; t++)
        {
            for (int i = rows.Start(t); i < rows.End(t); i++)
            {
                var noiseRow = NoiseOfPair(table, t >> 1, (long)tokens[i] * width, width);
                VectorOps.AddScaled(noiseRow, SignOf(t) * Sigma, y.Row(i));
            }
        }
    }

    /// <summary>ĝ = 1/(Nσ)·Σ_p c_p·ε_p, accumulated block of rows by block of rows.</summary>
    private protected override void EstimateMatrix(Parameter parameter, ReadOnlySpan<float> pairWeights, Span<float> gradient)
    {
        int n = parameter.Cols;
        int blocks = (parameter.Rows + EstimateRowBlock - 1) / EstimateRowBlock;
        float[] weights = pairWeights.ToArray();
        float[] result = new float[parameter.Count];
        Parallelism.For(blocks, block =>
        {
            int rowStart = block * EstimateRowBlock;
            int length = (Math.Min(rowStart + EstimateRowBlock, parameter.Rows) - rowStart) * n;
            var target = result.AsSpan(rowStart * n, length);
            for (int p = 0; p < weights.Length; p++)
            {
                VectorOps.AddScaled(NoiseOfPair(parameter, p, (long)rowStart * n, length), weights[p], target);
            }
        });
        result.CopyTo(gradient);
        VectorOps.Scale(gradient, 1f / (MemberCount * Sigma));
    }

    private ReadOnlySpan<float> NoiseOfPair(Parameter parameter, int pair, long start, int length)
    {
        var cached = cachedNoise[parameter.Id];
        if (cached is not null)
        {
            return cached.AsSpan((int)((long)pair * parameter.Count + start), length);
        }

        if (scratch is null || scratch.Length < length)
        {
            scratch = new float[length];
        }

        var span = scratch.AsSpan(0, length);
        GaussianNoise.Fill(KeyOf(parameter, pair), start, span);
        return span;
    }
}
