using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// OpenES: every matrix, embedding and vector gets full Gaussian noise s_t·σ·ε_p. When all pairs'
/// noise of a matrix or embedding fits in <see cref="CacheLimit"/> values it is generated once per
/// noise epoch; otherwise each pair's noise is regenerated where it is used, which is what makes
/// full-rank ES expensive for wide layers. It keeps no state: its noise is a function of
/// (seed, parameter id, noise epoch, pair).
/// </summary>
public sealed class FullRankPerturbation : IEvolutionStrategy
{
    /// <summary>Default for the largest number of noise values cached per parameter (128 MiB of floats).</summary>
    public const long DefaultCacheLimit = 32L << 20;

    private const int EstimateRowBlock = 16;

    private readonly PopulationNoise noise;
    private readonly Action<Parameter> generateNoise;
    private readonly float[]?[] cachedNoise;

    [ThreadStatic]
    private static float[]? scratch;

    /// <summary>
    /// Creates the strategy for <paramref name="parameters"/>, an even population size <paramref name="memberCount"/> and noise scale σ;
    /// a parameter whose noise for all pairs exceeds <paramref name="cacheLimit"/> values is regenerated where used.
    /// </summary>
    public FullRankPerturbation(ParameterSet parameters, ulong seed, int memberCount, float sigma, long cacheLimit = DefaultCacheLimit)
    {
        noise = new PopulationNoise(parameters, seed, memberCount, sigma);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheLimit);
        cachedNoise = new float[]?[parameters.Count];
        CacheLimit = cacheLimit;
        generateNoise = GenerateNoise;
    }

    /// <summary>Largest number of noise values cached per parameter.</summary>
    public long CacheLimit { get; }

    /// <inheritdoc/>
    public int MemberCount => noise.MemberCount;

    /// <summary>The noise epoch whose noise is loaded, or null before the first <see cref="SetNoiseEpoch"/>.</summary>
    public uint? NoiseEpoch => noise.NoiseEpoch;

    /// <inheritdoc/>
    public void SetNoiseEpoch(uint noiseEpoch) => noise.Load(noiseEpoch, generateNoise);

    /// <inheritdoc/>
    public void PairWeights(ReadOnlySpan<float> shapedFitness, Span<float> pairWeights) => AntitheticPairs.PairWeights(shapedFitness, pairWeights);

    /// <summary>
    /// One product x·Wᵀ covers all rows, the bias and the bias noise added to each output block while it is
    /// in cache; full-rank noise cannot be folded into it, so each pair's product follows (<see cref="AddMatrixNoise"/>).
    /// </summary>
    public void LinearForward(Parameter weight, Parameter? bias, Matrix x, Matrix y, MemberRows rows)
    {
        var terms = noise.LinearTerms(weight, bias, x, y, rows);

        // y_i = x_i·Wᵀ + b + s_t·σ·ε_p(bias): the shared product, the bias terms added by the epilogue.
        Gemm.Multiply(Transpose.No, Transpose.Yes, x.Rows, weight.Rows, weight.Cols, 1f, x.Data, weight.Cols, weight.Value, weight.Cols, 0f, y.Data, weight.Rows, terms);
        if (!weight.Frozen)
        {
            AddPairProducts(weight, x, y, rows);
        }
    }

    /// <summary>Adds s_t·σ·x_t·ε_pᵀ for each member, one small product per member, both members of a pair sharing ε_p.</summary>
    public void AddMatrixNoise(Parameter weight, Matrix x, Matrix y, MemberRows rows)
    {
        if (weight.Frozen)
        {
            return;
        }

        noise.CheckLinear(weight, null, x, y, rows);
        AddPairProducts(weight, x, y, rows);
    }

    /// <summary>Adds s_t·σ·ε_p[token, :] to each looked-up row.</summary>
    public void AddEmbeddingNoise(Parameter table, ReadOnlySpan<int> tokens, Matrix y, MemberRows rows)
    {
        if (table.Frozen)
        {
            return;
        }

        noise.RequireLoaded();
        int width = table.Cols;
        for (int t = 0; t < rows.MemberCount; t++)
        {
            int member = rows.FirstMember + t;
            for (int i = rows.Start(t); i < rows.End(t); i++)
            {
                var noiseRow = NoiseOfPair(table, member >> 1, (long)tokens[i] * width, width);
                VectorOps.AddScaled(noiseRow, AntitheticPairs.SignOf(member) * noise.Sigma, y.Row(i));
            }
        }
    }

    /// <inheritdoc/>
    public void PerturbedVector(Parameter vector, int member, Span<float> destination) => noise.PerturbedVector(vector, member, destination);

    /// <summary>ĝ = 1/(Nσ)·Σ_p c_p·ε_p for every parameter; a matrix's is accumulated block of rows by block of rows.</summary>
    public void Estimate(Parameter parameter, ReadOnlySpan<float> pairWeights, Span<float> gradient)
    {
        if (noise.TryEstimateWithoutStrategy(parameter, pairWeights, gradient))
        {
            return;
        }

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
        VectorOps.Scale(gradient, 1f / (MemberCount * noise.Sigma));
    }

    /// <summary>None: the noise is a function of the seed alone.</summary>
    public IReadOnlyList<(string Name, float[] Values)> StateTensors() => [];

    private void GenerateNoise(Parameter parameter)
    {
        int size = parameter.Count;
        if ((long)noise.PairCount * size > CacheLimit)
        {
            return;
        }

        var values = cachedNoise[parameter.Id] ??= new float[noise.PairCount * size];
        noise.FillPairNoise(parameter, values, size);
    }

    private void AddPairProducts(Parameter weight, Matrix x, Matrix y, MemberRows rows)
    {
        int m = weight.Rows, n = weight.Cols;
        int pairsInBatch = (rows.MemberCount + 1) / 2;
        Parallelism.For(pairsInBatch, p =>
        {
            var pairNoise = NoiseOfPair(weight, (rows.FirstMember >> 1) + p, 0, weight.Count);
            for (int t = 2 * p; t < Math.Min(2 * p + 2, rows.MemberCount); t++)
            {
                int start = rows.Start(t), count = rows.End(t) - start;
                if (count == 0)
                {
                    continue;
                }

                // y_t += s_t·σ·x_t·ε_pᵀ
                Gemm.Multiply(
                    Transpose.No, Transpose.Yes, count, m, n, AntitheticPairs.SignOf(t) * noise.Sigma,
                    x.Data.AsSpan(start * n), n, pairNoise, n, 1f, y.Data.AsSpan(start * m), m);
            }
        });
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
        GaussianNoise.Fill(noise.KeyOf(parameter, pair), start, span);
        return span;
    }
}
