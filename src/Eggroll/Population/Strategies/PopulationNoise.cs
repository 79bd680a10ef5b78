using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// What the built-in strategies share, held by each of them: the population (N members in N/2 antithetic
/// pairs), σ, the noise keys, the full Gaussian noise σ·ε_p of every vector and the per-row terms of a
/// Linear layer's product. How matrices and embeddings are perturbed, and how their update is estimated,
/// is the strategy's part. Noise is a function of (seed, parameter id, noise epoch, pair); buffers are only a cache.
/// With a shared <see cref="GaussianNoiseTable"/> the noise of (parameter, noise epoch, pair) is a slice of the table
/// instead of its own stream (docs/algorithm.md §1.4), and loading a noise epoch only places the slices.
/// </summary>
internal sealed class PopulationNoise
{
    private readonly PairSlices[] vectorNoise;
    private readonly int[]?[] tableOffsets;
    private readonly PopulationRowTerms rowTerms = new();
    private readonly PairNoiseFill pairNoiseFill = new();
    private readonly SignPairNoise?[] signVectors;

    /// <summary>
    /// Creates the shared noise for <paramref name="parameters"/> and an even population size, drawn from <paramref name="table"/> when
    /// one is given, else from each (parameter, pair)'s stream of <paramref name="distribution"/>.
    /// </summary>
    public PopulationNoise(ParameterSet parameters, ulong seed, int memberCount, float sigma, GaussianNoiseTable? table = null, NoiseDistribution distribution = NoiseDistribution.Gaussian)
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
        Table = table;
        Distribution = distribution;
        signVectors = new SignPairNoise?[parameters.Count];
        vectorNoise = new PairSlices[parameters.Count];
        tableOffsets = new int[]?[parameters.Count];
    }

    /// <summary>The parameters the noise covers.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The run seed.</summary>
    public ulong Seed { get; }

    /// <summary>Population size N.</summary>
    public int MemberCount { get; }

    /// <summary>Number of antithetic pairs, N/2.</summary>
    public int PairCount => MemberCount / 2;

    /// <summary>Noise scale σ.</summary>
    public float Sigma { get; }

    /// <summary>The shared noise table the noise is drawn from, or null when every (parameter, pair) has its own stream.</summary>
    public GaussianNoiseTable? Table { get; }

    /// <summary>The distribution of every element; with <see cref="NoiseDistribution.Rademacher"/> the noise is kept as bits.</summary>
    public NoiseDistribution Distribution { get; }

    /// <summary>The noise epoch whose noise is loaded, or null before the first <see cref="Load"/>.</summary>
    public uint? NoiseEpoch { get; private set; }

    /// <summary>
    /// Loads the noise of <paramref name="noiseEpoch"/>: every evolving vector's here, every evolving matrix's
    /// and embedding's through <paramref name="generateMatrixNoise"/>; does nothing if it is already loaded.
    /// </summary>
    public void Load(uint noiseEpoch, Action<Parameter> generateMatrixNoise)
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

            if (Table is not null)
            {
                PlaceTableSlices(parameter, noiseEpoch);
            }

            if (parameter.Kind == ParameterKind.Vector && Distribution == NoiseDistribution.Rademacher)
            {
                (signVectors[parameter.Id] ??= new SignPairNoise(PairCount, parameter.Count)).Generate(KeyOf(parameter, 0));
            }
            else if (parameter.Kind == ParameterKind.Vector)
            {
                vectorNoise[parameter.Id] = Table is null ? GenerateVectorNoise(parameter) : TableSlices(parameter, 0);
            }
            else
            {
                generateMatrixNoise(parameter);
            }
        }
    }

    /// <summary>Pair p's noise of <paramref name="parameter"/> in the loaded noise epoch from element <paramref name="shift"/> on, as slices of the shared table.</summary>
    public PairSlices TableSlices(Parameter parameter, int shift) =>
        new(Table!.Buffer, tableOffsets[parameter.Id] ?? throw new InvalidOperationException($"No noise for parameter '{parameter.Name}'."), 0, shift);

    /// <summary>
    /// Writes each pair's noise of <paramref name="parameter"/>: stream elements [0, firstSize) into <paramref name="first"/>, the next
    /// secondSize into <paramref name="second"/>. With <see cref="NoiseDistribution.Gaussian16"/> the values are rounded to 16 bits
    /// and their k written to <paramref name="firstSteps"/> and <paramref name="secondSteps"/> where given; a part without a float
    /// buffer is kept in 16 bits only.
    /// </summary>
    public void FillPairNoise(Parameter parameter, float[]? first, int firstSize, float[]? second = null, int secondSize = 0, short[]? firstSteps = null, short[]? secondSteps = null) =>
        pairNoiseFill.Run(
            KeyOf(parameter, 0), PairCount, first, firstSize, second, secondSize, Distribution == NoiseDistribution.Gaussian16 ? new Fixed16Steps(firstSteps, secondSteps) : null);

    /// <summary>The noise key of <paramref name="parameter"/> for pair <paramref name="pair"/> in the loaded noise epoch.</summary>
    public NoiseKey KeyOf(Parameter parameter, int pair) => new(Seed, (uint)parameter.Id, NoiseEpoch ?? 0, (uint)pair);

    /// <summary>Throws unless a noise epoch is loaded.</summary>
    public void RequireLoaded()
    {
        if (NoiseEpoch is null)
        {
            throw new InvalidOperationException("No noise epoch is loaded; call SetNoiseEpoch first.");
        }
    }

    /// <summary>Writes member <paramref name="member"/>'s perturbed vector v + s·σ·ε_p into <paramref name="destination"/>.</summary>
    public void PerturbedVector(Parameter vector, int member, Span<float> destination)
    {
        vector.Value.CopyTo(destination);
        if (!vector.Frozen)
        {
            VectorOps.AddScaled(VectorNoiseOf(vector, member >> 1), AntitheticPairs.SignOf(member) * Sigma, destination);
        }
    }

    /// <summary>
    /// Checks the shapes of a Linear layer's product and returns its per-row terms, reset for the batch and
    /// holding the bias b and each member's bias noise s_t·σ·ε_p when <paramref name="bias"/> is given.
    /// </summary>
    public PopulationRowTerms LinearTerms(Parameter weight, Parameter? bias, Matrix x, Matrix y, MemberRows rows)
    {
        CheckLinear(weight, bias, x, y, rows);
        rowTerms.Reset(weight.Rows, rows.MemberOfRow());
        if (bias is not null)
        {
            rowTerms.SetBias(bias.Value);
            if (!bias.Frozen && signVectors[bias.Id] is { } signs && ReadsBits(rows))
            {
                rowTerms.SetSignBiasNoise(signs, Sigma);
            }
            else if (!bias.Frozen)
            {
                rowTerms.SetBiasNoise(VectorNoiseOf(bias), Sigma);
            }
        }

        return rowTerms;
    }

    /// <summary>
    /// Whether a batch reads Rademacher noise as bits: with fewer than two rows per member on average. Each row pair turns the
    /// bits into signs again, so from two rows per member on the ±1 floats, written out once per noise epoch, cost less
    /// (both give the same bits).
    /// </summary>
    public static bool ReadsBits(MemberRows rows) => rows.RowCount < 2L * rows.MemberCount;

    /// <summary>Throws unless a noise epoch is loaded and the shapes of y = x·Wᵀ (+ b) match <paramref name="rows"/>.</summary>
    public void CheckLinear(Parameter weight, Parameter? bias, Matrix x, Matrix y, MemberRows rows)
    {
        RequireLoaded();
        if (x.Cols != weight.Cols || y.Cols != weight.Rows || x.Rows != rows.RowCount || y.Rows != rows.RowCount || (bias is not null && bias.Count != weight.Rows))
        {
            throw new ArgumentException($"Shapes do not match weight '{weight.Name}' ({weight.Rows}×{weight.Cols}): x is {x.Rows}×{x.Cols}, y is {y.Rows}×{y.Cols}, batch has {rows.RowCount} rows, bias has {bias?.Count ?? 0} values.");
        }
    }

    /// <summary>
    /// Checks the shapes of an estimate and writes it when it needs no strategy: zero for a frozen parameter,
    /// ĝ = 1/(Nσ)·Σ_p c_p·ε_p for a vector. Returns false for an evolving matrix or embedding, which the strategy estimates.
    /// </summary>
    public bool TryEstimateWithoutStrategy(Parameter parameter, ReadOnlySpan<float> pairWeights, Span<float> gradient)
    {
        RequireLoaded();
        if (pairWeights.Length != PairCount || gradient.Length != parameter.Count)
        {
            throw new ArgumentException($"Expected {PairCount} pair weights and a gradient of {parameter.Count} values for '{parameter.Name}'.");
        }

        if (parameter.Frozen)
        {
            gradient.Clear();
            return true;
        }

        if (parameter.Kind != ParameterKind.Vector)
        {
            return false;
        }

        gradient.Clear();
        for (int p = 0; p < PairCount; p++)
        {
            VectorOps.AddScaled(VectorNoiseOf(parameter, p), pairWeights[p], gradient);
        }

        VectorOps.Scale(gradient, 1f / (MemberCount * Sigma));
        return true;
    }

    private ReadOnlySpan<float> VectorNoiseOf(Parameter vector, int pair) => VectorNoiseOf(vector).Of(pair, vector.Count);

    private PairSlices VectorNoiseOf(Parameter vector)
    {
        RequireLoaded();
        var slices = signVectors[vector.Id] is { } signs ? signs.Floats() : vectorNoise[vector.Id];
        return slices.Buffer is null ? throw new InvalidOperationException($"No noise for parameter '{vector.Name}'.") : slices;
    }

    private PairSlices GenerateVectorNoise(Parameter vector)
    {
        var current = vectorNoise[vector.Id].Buffer;
        var noise = current ?? new float[checked(PairCount * vector.Count)];
        FillPairNoise(vector, noise, vector.Count);
        return PairSlices.Contiguous(noise, vector.Count);
    }

    private void PlaceTableSlices(Parameter parameter, uint noiseEpoch)
    {
        var offsets = tableOffsets[parameter.Id] ??= new int[PairCount];
        for (int pair = 0; pair < offsets.Length; pair++)
        {
            offsets[pair] = Table!.Offset((uint)parameter.Id, noiseEpoch, (uint)pair);
        }
    }
}
