using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

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
    private readonly PopulationRowTerms rowTerms = new();
    private readonly PairNoiseFill pairNoiseFill = new();

    /// <summary>Creates the perturbation for <paramref name="parameters"/> and an even population size.</summary>
    private protected Perturbation(ParameterSet parameters, ulong seed, int memberCount, float sigma)
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
        foreach (var entry in Parameters)
        {
            var parameter = entry.Parameter;
            if (parameter.Frozen)
            {
                continue;
            }

            if (parameter.Kind == ParameterKind.Vector)
            {
                var noise = vectorNoise[parameter.Id] ??= new float[checked(PairCount * parameter.Count)];
                FillPairNoise(parameter, noise, parameter.Count);
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

    /// <summary>
    /// The perturbed Linear layer for every member at once: y_t = x_t·(W + σE_t)ᵀ + b + s_t·σ·ε_p.
    /// One product x·Wᵀ covers all rows; the bias, the bias noise and (for EGGROLL) the low-rank
    /// correction are added to each output block while it is in cache.
    /// </summary>
    public void LinearForward(Parameter weight, Parameter? bias, Matrix x, Matrix y, MemberRows rows)
    {
        RequireLoaded();
        ValidateLinearShapes(weight, bias, x, y, rows);
        rowTerms.Reset(weight.Rows, rows.MemberOfRow());
        if (bias is not null)
        {
            rowTerms.SetBias(bias.Value);
            if (!bias.Frozen)
            {
                rowTerms.SetBiasNoise(VectorNoiseOf(bias), Sigma);
            }
        }

        if (!weight.Frozen)
        {
            PrepareMatrixNoise(weight, x, rows, rowTerms);
        }

        Gemm.Multiply(Transpose.No, Transpose.Yes, x.Rows, weight.Rows, weight.Cols, 1f, x.Data, weight.Cols, weight.Value, weight.Cols, 0f, y.Data, weight.Rows, rowTerms);
        if (!weight.Frozen)
        {
            AddMatrixNoiseAfterProduct(weight, x, y, rows);
        }
    }

    /// <summary>
    /// Adds y_t += x_t·(σE_t)ᵀ for every member t's rows, where E_t is the member's perturbation of
    /// <paramref name="weight"/>; for layers that compute x·Wᵀ themselves.
    /// </summary>
    public unsafe void AddMatrixNoise(Parameter weight, Matrix x, Matrix y, MemberRows rows)
    {
        if (weight.Frozen)
        {
            return;
        }

        RequireLoaded();
        ValidateLinearShapes(weight, null, x, y, rows);
        rowTerms.Reset(weight.Rows, rows.MemberOfRow());
        PrepareMatrixNoise(weight, x, rows, rowTerms);
        fixed (float* output = y.Data)
        {
            rowTerms.Apply(0, y.Rows, 0, y.Cols, output, y.Cols);
        }

        AddMatrixNoiseAfterProduct(weight, x, y, rows);
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

    /// <summary>Writes each pair's noise of <paramref name="parameter"/>: stream elements [0, firstSize) into <paramref name="first"/>, the next secondSize into <paramref name="second"/>.</summary>
    private protected void FillPairNoise(Parameter parameter, float[] first, int firstSize, float[]? second = null, int secondSize = 0) =>
        pairNoiseFill.Run(KeyOf(parameter, 0), PairCount, first, firstSize, second, secondSize);

    /// <summary>The noise key of <paramref name="parameter"/> for pair <paramref name="pair"/> in the loaded noise epoch.</summary>
    private protected NoiseKey KeyOf(Parameter parameter, int pair) => new(Seed, (uint)parameter.Id, NoiseEpoch ?? 0, (uint)pair);

    /// <summary>Generates (or prepares to regenerate) the matrix or embedding noise of the loaded noise epoch.</summary>
    private protected abstract void GenerateMatrixNoise(Parameter parameter);

    /// <summary>Registers with <paramref name="terms"/> what must be added to each output block of x·Wᵀ (EGGROLL: the low-rank correction).</summary>
    private protected abstract void PrepareMatrixNoise(Parameter weight, Matrix x, MemberRows rows, PopulationRowTerms terms);

    /// <summary>Adds what cannot be folded into the product's output blocks (OpenES: each pair's full-rank product).</summary>
    private protected abstract void AddMatrixNoiseAfterProduct(Parameter weight, Matrix x, Matrix y, MemberRows rows);

    /// <summary>Strategy-specific part of <see cref="AddEmbeddingNoise"/>.</summary>
    private protected abstract void AddEmbeddingNoiseCore(Parameter table, ReadOnlySpan<int> tokens, Matrix y, MemberRows rows);

    /// <summary>Strategy-specific update estimate of a matrix or embedding.</summary>
    private protected abstract void EstimateMatrix(Parameter parameter, ReadOnlySpan<float> pairWeights, Span<float> gradient);

    private ReadOnlySpan<float> VectorNoiseOf(Parameter vector, int pair) => VectorNoiseOf(vector).AsSpan(pair * vector.Count, vector.Count);

    private float[] VectorNoiseOf(Parameter vector)
    {
        RequireLoaded();
        return vectorNoise[vector.Id] ?? throw new InvalidOperationException($"No noise for parameter '{vector.Name}'.");
    }

    private static void ValidateLinearShapes(Parameter weight, Parameter? bias, Matrix x, Matrix y, MemberRows rows)
    {
        if (x.Cols != weight.Cols || y.Cols != weight.Rows || x.Rows != rows.RowCount || y.Rows != rows.RowCount || (bias is not null && bias.Count != weight.Rows))
        {
            throw new ArgumentException($"Shapes do not match weight '{weight.Name}' ({weight.Rows}×{weight.Cols}): x is {x.Rows}×{x.Cols}, y is {y.Rows}×{y.Cols}, batch has {rows.RowCount} rows, bias has {bias?.Count ?? 0} values.");
        }
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
