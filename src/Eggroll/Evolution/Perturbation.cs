using Eggroll.Modules;
using Eggroll.Numerics;

namespace Eggroll.Evolution;

/// <summary>
/// One epoch's perturbation of every evolving parameter for a population of N members
/// (N/2 antithetic pairs): member t uses pair p = t/2 with sign +1 (even t) or −1 (odd t).
/// Vectors get full Gaussian noise scaled by σ here; how matrices and embeddings are
/// perturbed, and how their update is estimated, is the strategy's part.
/// Noise is a function of (seed, parameter id, noise epoch, pair); buffers are only a cache.
/// </summary>
public abstract class Perturbation
{
    private readonly float[]?[] vectorNoise;

    /// <summary>Creates the perturbation for <paramref name="parameters"/> and an even population size.</summary>
    protected Perturbation(ParameterSet parameters, ulong seed, int memberCount, float sigma)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (memberCount < 2 || memberCount % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(memberCount), memberCount, "Population size must be even and at least 2 (antithetic pairs).");
        }

        if (!(sigma > 0f) || !float.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Sigma must be a positive finite number.");
        }

        Parameters = parameters;
        Seed = seed;
        MemberCount = memberCount;
        Sigma = sigma;
        vectorNoise = new float[]?[parameters.Count];
    }

    /// <summary>The parameters this perturbation covers.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The run seed.</summary>
    public ulong Seed { get; }

    /// <summary>Population size N.</summary>
    public int MemberCount { get; }

    /// <summary>Number of antithetic pairs, N/2.</summary>
    public int PairCount => MemberCount / 2;

    /// <summary>Noise scale σ.</summary>
    public float Sigma { get; }

    /// <summary>The noise epoch whose noise is loaded, or null before the first <see cref="SetNoiseEpoch"/>.</summary>
    public uint? NoiseEpoch { get; private set; }

    /// <summary>The antithetic sign of member <paramref name="member"/>: +1 for even, −1 for odd.</summary>
    public static float SignOf(int member) => (member & 1) == 0 ? 1f : -1f;

    /// <summary>Loads the noise of <paramref name="noiseEpoch"/>; does nothing if it is already loaded.</summary>
    public void SetNoiseEpoch(uint noiseEpoch)
    {
        if (NoiseEpoch == noiseEpoch)
        {
            return;
        }

        NoiseEpoch = noiseEpoch;
        foreach (var entry in Parameters.Entries)
        {
            var parameter = entry.Parameter;
            if (parameter.Frozen)
            {
                continue;
            }

            if (parameter.Kind == ParameterKind.Vector)
            {
                int length = parameter.Count;
                var noise = vectorNoise[parameter.Id] ??= new float[checked(PairCount * length)];
                Parallelism.For(PairCount, p => GaussianNoise.Fill(KeyOf(parameter, p), noise.AsSpan(p * length, length)));
            }
            else
            {
                GenerateMatrixNoise(parameter);
            }
        }
    }

    /// <summary>
    /// Converts shaped fitness F (one per member) to pair weights c_p = F_{2p} − F_{2p+1},
    /// so that Σ_t F_t s_t ε_p(t) = Σ_p c_p ε_p.
    /// </summary>
    public static void PairWeights(ReadOnlySpan<float> shapedFitness, Span<float> pairWeights)
    {
        for (int p = 0; p < pairWeights.Length; p++)
        {
            pairWeights[p] = shapedFitness[2 * p] - shapedFitness[2 * p + 1];
        }
    }

    /// <summary>
    /// Writes the gradient estimate ĝ = 1/(Nσ)·Σ_t F_t ε_t of <paramref name="parameter"/>
    /// (textbook units, ascent direction) from the pair weights into <paramref name="gradient"/>.
    /// </summary>
    public void Estimate(Parameter parameter, ReadOnlySpan<float> pairWeights, Span<float> gradient)
    {
        RequireLoaded();
        if (pairWeights.Length != PairCount || gradient.Length != parameter.Count)
        {
            throw new ArgumentException($"Expected {PairCount} pair weights and a gradient of {parameter.Count} values for '{parameter.Name}'.");
        }

        if (parameter.Frozen)
        {
            gradient.Clear();
            return;
        }

        if (parameter.Kind == ParameterKind.Vector)
        {
            EstimateVector(parameter, pairWeights, gradient);
        }
        else
        {
            EstimateMatrix(parameter, pairWeights, gradient);
        }
    }

    /// <summary>Writes member <paramref name="member"/>'s perturbed vector v + s·σ·ε_p into <paramref name="destination"/>.</summary>
    public void PerturbedVector(Parameter vector, int member, Span<float> destination)
    {
        vector.Value.CopyTo(destination);
        if (!vector.Frozen)
        {
            VectorOps.AddScaled(VectorNoiseOf(vector, member >> 1), SignOf(member) * Sigma, destination);
        }
    }

    /// <summary>Adds each member's perturbed vector to that member's rows of <paramref name="y"/>.</summary>
    public void AddPerturbedVectorToRows(Parameter vector, Matrix y, MemberRows rows)
    {
        for (int t = 0; t < rows.MemberCount; t++)
        {
            var noise = VectorNoiseOf(vector, t >> 1);
            float scale = SignOf(t) * Sigma;
            for (int i = rows.Start(t); i < rows.End(t); i++)
            {
                var row = y.Row(i);
                VectorOps.AddScaled(vector.Value, 1f, row);
                VectorOps.AddScaled(noise, scale, row);
            }
        }
    }

    /// <summary>Adds y_t += x_t·(σE_t)ᵀ for every member t's rows, where E_t is the member's perturbation of <paramref name="weight"/>.</summary>
    public void AddMatrixNoise(Parameter weight, Matrix x, Matrix y, MemberRows rows)
    {
        if (weight.Frozen)
        {
            return;
        }

        RequireLoaded();
        if (x.Cols != weight.Cols || y.Cols != weight.Rows || x.Rows != rows.RowCount || y.Rows != rows.RowCount)
        {
            throw new ArgumentException($"Shapes do not match weight '{weight.Name}' ({weight.Rows}×{weight.Cols}): x is {x.Rows}×{x.Cols}, y is {y.Rows}×{y.Cols}, batch has {rows.RowCount} rows.");
        }

        AddMatrixNoiseCore(weight, x, y, rows);
    }

    /// <summary>Adds each member's perturbation of the embedding rows selected by <paramref name="tokens"/> to <paramref name="y"/>.</summary>
    public void AddEmbeddingNoise(Parameter table, ReadOnlySpan<int> tokens, Matrix y, MemberRows rows)
    {
        if (table.Frozen)
        {
            return;
        }

        RequireLoaded();
        AddEmbeddingNoiseCore(table, tokens, y, rows);
    }

    /// <summary>The noise key of <paramref name="parameter"/> for pair <paramref name="pair"/> in the loaded noise epoch.</summary>
    protected NoiseKey KeyOf(Parameter parameter, int pair) => new(Seed, (uint)parameter.Id, NoiseEpoch ?? 0, (uint)pair);

    /// <summary>Generates (or prepares to regenerate) the matrix or embedding noise of the loaded noise epoch.</summary>
    protected abstract void GenerateMatrixNoise(Parameter parameter);

    /// <summary>Strategy-specific part of <see cref="AddMatrixNoise"/>; arguments are validated.</summary>
    protected abstract void AddMatrixNoiseCore(Parameter weight, Matrix x, Matrix y, MemberRows rows);

    /// <summary>Strategy-specific part of <see cref="AddEmbeddingNoise"/>.</summary>
    protected abstract void AddEmbeddingNoiseCore(Parameter table, ReadOnlySpan<int> tokens, Matrix y, MemberRows rows);

    /// <summary>Strategy-specific update estimate of a matrix or embedding.</summary>
    protected abstract void EstimateMatrix(Parameter parameter, ReadOnlySpan<float> pairWeights, Span<float> gradient);

    private ReadOnlySpan<float> VectorNoiseOf(Parameter vector, int pair)
    {
        RequireLoaded();
        var noise = vectorNoise[vector.Id] ?? throw new InvalidOperationException($"No noise for parameter '{vector.Name}'.");
        return noise.AsSpan(pair * vector.Count, vector.Count);
    }

    private void EstimateVector(Parameter vector, ReadOnlySpan<float> pairWeights, Span<float> gradient)
    {
        gradient.Clear();
        for (int p = 0; p < PairCount; p++)
        {
            VectorOps.AddScaled(VectorNoiseOf(vector, p), pairWeights[p], gradient);
        }

        VectorOps.Scale(gradient, 1f / (MemberCount * Sigma));
    }

    private void RequireLoaded()
    {
        if (NoiseEpoch is null)
        {
            throw new InvalidOperationException("No noise epoch is loaded; call SetNoiseEpoch first.");
        }
    }
}
