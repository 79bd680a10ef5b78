using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// EGGROLL: member t perturbs a matrix W (m×n) by σE_t = s_t·(σ/√r)·A_p·B_pᵀ with A_p (m×r),
/// B_p (n×r) standard normal, an embedding table the same way row by row, and a vector by full
/// Gaussian noise s_t·σ·ε_p. The factors of all pairs are generated once per noise epoch
/// (A_p then B_p from one noise stream) and stored transposed; with a shared noise table they are
/// read from its slices instead and nothing is generated (docs/algorithm.md §1.4), with Rademacher
/// noise every element is ±1 and kept as the generator's bits (§1.5), and with 16-bit Gaussian noise every element is
/// rounded to a multiple of 2⁻¹² and the matrices' factors are kept in 16 bits too (§1.6). It keeps no state: its noise is
/// a function of (seed, parameter id, noise epoch, pair).
/// </summary>
public sealed class LowRankPerturbation : IEvolutionStrategy
{
    /// <summary>Largest supported rank.</summary>
    public const int MaxRank = 256;

    private readonly PopulationNoise noise;
    private readonly Action<Parameter> generateFactors;
    private readonly PairSlices[] factorsA;
    private readonly PairSlices[] factorsB;
    private readonly SignPairNoise?[] signFactors;
    private readonly short[]?[] fixedA;
    private readonly short[]?[] fixedB;
    private readonly SignUpdate signUpdate = new();
    private float[] weightedA = [];
    private float[] gatheredB = [];
    private float[] decodedRow = [];

    /// <summary>
    /// Creates the strategy for <paramref name="parameters"/>, an even population size <paramref name="memberCount"/>, noise scale σ
    /// and rank <paramref name="rank"/> ≥ 1; with <paramref name="noiseTableOffsets"/> &gt; 0 the noise comes from a shared
    /// <see cref="GaussianNoiseTable"/> of that many slice starts, generated here from <paramref name="seed"/>, else from
    /// streams of <paramref name="distribution"/> (a table is Gaussian).
    /// </summary>
    public LowRankPerturbation(ParameterSet parameters, ulong seed, int memberCount, float sigma, int rank, int noiseTableOffsets = 0, NoiseDistribution distribution = NoiseDistribution.Gaussian)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (rank < 1 || rank > MaxRank)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"Rank must be between 1 and {MaxRank}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(noiseTableOffsets);
        if (!Enum.IsDefined(distribution))
        {
            throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown noise distribution.");
        }

        if (noiseTableOffsets > 0 && distribution != NoiseDistribution.Gaussian)
        {
            throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "A shared noise table holds Gaussian noise only.");
        }

        Distribution = distribution;
        var table = noiseTableOffsets == 0 ? null : new GaussianNoiseTable(seed, LongestSlice(parameters, rank), noiseTableOffsets);
        noise = new PopulationNoise(parameters, seed, memberCount, sigma, table, distribution);
        Rank = rank;
        factorsA = new PairSlices[parameters.Count];
        factorsB = new PairSlices[parameters.Count];
        signFactors = new SignPairNoise?[parameters.Count];
        fixedA = new short[]?[parameters.Count];
        fixedB = new short[]?[parameters.Count];
        generateFactors = GenerateFactors;
    }

    /// <summary>The rank r of every matrix perturbation.</summary>
    public int Rank { get; }

    /// <inheritdoc/>
    public int MemberCount => noise.MemberCount;

    /// <summary>The noise epoch whose noise is loaded, or null before the first <see cref="SetNoiseEpoch"/>.</summary>
    public uint? NoiseEpoch => noise.NoiseEpoch;

    /// <summary>The distribution of every noise element.</summary>
    public NoiseDistribution Distribution { get; }

    /// <summary>The shared noise table the noise is read from, or null when each (parameter, pair) has its own noise stream.</summary>
    public GaussianNoiseTable? NoiseTable => noise.Table;

    private float Scale => noise.Sigma / MathF.Sqrt(Rank);

    /// <inheritdoc/>
    public void SetNoiseEpoch(uint noiseEpoch) => noise.Load(noiseEpoch, generateFactors);

    /// <inheritdoc/>
    public void PairWeights(ReadOnlySpan<float> shapedFitness, Span<float> pairWeights) => AntitheticPairs.PairWeights(shapedFitness, pairWeights);

    /// <summary>
    /// One product x·Wᵀ covers all rows; the bias, the bias noise and the low-rank correction
    /// s_t(σ/√r)·(x_i·B_p)·A_pᵀ are added to each output block while it is in cache.
    /// </summary>
    public void LinearForward(Parameter weight, Parameter? bias, Matrix x, Matrix y, MemberRows rows)
    {
        var terms = noise.LinearTerms(weight, bias, x, y, rows);
        if (!weight.Frozen)
        {
            SetLowRank(weight, x, terms, rows);
        }

        // y_i = x_i·Wᵀ + b + s_t·σ·ε_p + s_t(σ/√r)·(x_i·B_p)·A_pᵀ: the shared product, each block's terms added by the epilogue.
        Gemm.Multiply(Transpose.No, Transpose.Yes, x.Rows, weight.Rows, weight.Cols, 1f, x.Data, weight.Cols, weight.Value, weight.Cols, 0f, y.Data, weight.Rows, terms);
    }

    /// <summary>Adds the low-rank correction s_t(σ/√r)·(x_i·B_p)·A_pᵀ to every row of <paramref name="y"/>.</summary>
    public unsafe void AddMatrixNoise(Parameter weight, Matrix x, Matrix y, MemberRows rows)
    {
        if (weight.Frozen)
        {
            return;
        }

        var terms = noise.LinearTerms(weight, null, x, y, rows);
        SetLowRank(weight, x, terms, rows);
        fixed (float* output = y.Data)
        {
            terms.Apply(0, y.Rows, 0, y.Cols, output, y.Cols);
        }
    }

    /// <summary>Adds s_t(σ/√r)·Σ_k A_p[token, k]·B_p[:, k] to each looked-up row.</summary>
    public void AddEmbeddingNoise(Parameter table, ReadOnlySpan<int> tokens, Matrix y, MemberRows rows)
    {
        if (table.Frozen)
        {
            return;
        }

        noise.RequireLoaded();
        var signs = signFactors[table.Id];
        var a = factorsA[table.Id];
        var b = factorsB[table.Id];
        short[]? a16 = fixedA[table.Id], b16 = fixedB[table.Id];
        int vocabulary = table.Rows, width = table.Cols;
        Buffers.EnsureLength(ref decodedRow, a16 is null ? 0 : width);
        for (int t = 0; t < rows.MemberCount; t++)
        {
            int member = rows.FirstMember + t, p = member >> 1;
            float coefficient = AntitheticPairs.SignOf(member) * Scale;
            for (int i = rows.Start(t); i < rows.End(t); i++)
            {
                var yRow = y.Row(i);
                for (int k = 0; k < Rank; k++)
                {
                    // Rademacher factors are read from their bits and 16-bit ones decoded, with the same values as the float path's.
                    int token = (k * vocabulary) + tokens[i];
                    if (signs is not null)
                    {
                        signs.AddTo(p, (Rank * vocabulary) + (k * width), coefficient * signs.Element(p, token), yRow);
                    }
                    else if (a16 is not null)
                    {
                        var row = decodedRow.AsSpan(0, width);
                        Fixed16.Decode(b16.AsSpan((p * Rank * width) + (k * width), width), 1f, row);
                        VectorOps.AddScaled(row, coefficient * Fixed16.Element(a16[(p * Rank * vocabulary) + token]), yRow);
                    }
                    else
                    {
                        VectorOps.AddScaled(b.Of(p, Rank * width).Slice(k * width, width), coefficient * a.Of(p, Rank * vocabulary)[token], yRow);
                    }
                }
            }
        }
    }

    /// <inheritdoc/>
    public void PerturbedVector(Parameter vector, int member, Span<float> destination) => noise.PerturbedVector(vector, member, destination);

    /// <summary>
    /// A vector's estimate is 1/(Nσ)·Σ_p c_p·ε_p; a matrix's is ĝ = 1/(Nσ√r)·Ãᵀ·B̃, where Ã stacks c_p·A_pᵀ
    /// and B̃ stacks B_pᵀ over all pairs: one product of size m × (N/2·r) × n, or, for Rademacher factors from rank 2 on
    /// where <see cref="SignUpdate"/> serves, the same sum read from the factors' bits.
    /// </summary>
    public void Estimate(Parameter parameter, ReadOnlySpan<float> pairWeights, Span<float> gradient)
    {
        if (noise.TryEstimateWithoutStrategy(parameter, pairWeights, gradient))
        {
            return;
        }

        int m = parameter.Rows, n = parameter.Cols, sizeA = Rank * m;
        float alpha = 1f / (MemberCount * noise.Sigma * MathF.Sqrt(Rank));
        if (signFactors[parameter.Id] is { } bits && SignUpdate.Serves(Rank))
        {
            signUpdate.Estimate(bits, Rank, m, n, pairWeights, alpha, gradient);
            return;
        }

        Buffers.EnsureLength(ref weightedA, noise.PairCount * sizeA);
        float[] stackedB;
        if (fixedA[parameter.Id] is { } a16)
        {
            // 16-bit factors decoded, A times the pair weight (the values and roundings of the float path's c_p·A_pᵀ).
            int sizeB = Rank * n;
            Buffers.EnsureLength(ref gatheredB, noise.PairCount * sizeB);
            for (int p = 0; p < noise.PairCount; p++)
            {
                Fixed16.Decode(a16.AsSpan(p * sizeA, sizeA), pairWeights[p], weightedA.AsSpan(p * sizeA, sizeA));
            }

            Fixed16.Decode(fixedB[parameter.Id], 1f, gatheredB.AsSpan(0, noise.PairCount * sizeB));
            stackedB = gatheredB;
        }
        else if (signFactors[parameter.Id] is { } signs)
        {
            // ±1 factors times the pair weight, written straight from the bits (the same values as the float path's c_p·A_pᵀ).
            int sizeB = Rank * n;
            Buffers.EnsureLength(ref gatheredB, noise.PairCount * sizeB);
            for (int p = 0; p < noise.PairCount; p++)
            {
                signs.Write(p, 0, pairWeights[p], weightedA.AsSpan(p * sizeA, sizeA));
                signs.Write(p, sizeA, 1f, gatheredB.AsSpan(p * sizeB, sizeB));
            }

            stackedB = gatheredB;
        }
        else
        {
            var a = factorsA[parameter.Id];
            for (int p = 0; p < noise.PairCount; p++)
            {
                var target = weightedA.AsSpan(p * sizeA, sizeA);
                a.Of(p, sizeA).CopyTo(target);
                VectorOps.Scale(target, pairWeights[p]);
            }

            stackedB = StackedB(parameter);
        }

        // ĝ = 1/(Nσ√r)·Ãᵀ·B̃
        Gemm.Multiply(
            Transpose.Yes, Transpose.No, m, n, noise.PairCount * Rank, alpha,
            weightedA, m, stackedB, n, 0f, gradient, n);
    }

    /// <summary>None: the noise is a function of the seed alone.</summary>
    public IReadOnlyList<(string Name, float[] Values)> StateTensors() => [];

    /// <summary>The longest noise slice of one pair any parameter may need: r·(m + n) for a matrix or embedding, its length for a vector.</summary>
    private static int LongestSlice(ParameterSet parameters, int rank) =>
        parameters.Entries.Select(e => e.Parameter.Kind == ParameterKind.Vector ? e.Parameter.Count : checked(rank * (e.Parameter.Rows + e.Parameter.Cols))).DefaultIfEmpty(1).Max();

    /// <summary>B̃, the pairs' Gaussian B_pᵀ stacked: the factors themselves when generated pair after pair, else gathered from the table's slices.</summary>
    private float[] StackedB(Parameter parameter)
    {
        int sizeB = Rank * parameter.Cols;
        var b = factorsB[parameter.Id];
        if (b.IsContiguous(sizeB))
        {
            return b.Buffer;
        }

        Buffers.EnsureLength(ref gatheredB, noise.PairCount * sizeB);
        for (int p = 0; p < noise.PairCount; p++)
        {
            b.Of(p, sizeB).CopyTo(gatheredB.AsSpan(p * sizeB, sizeB));
        }

        return gatheredB;
    }

    private void GenerateFactors(Parameter parameter)
    {
        int sizeA = Rank * parameter.Rows, sizeB = Rank * parameter.Cols;
        if (Distribution == NoiseDistribution.Rademacher)
        {
            (signFactors[parameter.Id] ??= new SignPairNoise(noise.PairCount, sizeA + sizeB)).Generate(noise.KeyOf(parameter, 0));
            return;
        }

        if (noise.Table is not null)
        {
            factorsA[parameter.Id] = noise.TableSlices(parameter, 0);
            factorsB[parameter.Id] = noise.TableSlices(parameter, sizeA);
            return;
        }

        if (Distribution == NoiseDistribution.Gaussian16)
        {
            var a16 = fixedA[parameter.Id] ??= new short[checked(noise.PairCount * sizeA)];
            var b16 = fixedB[parameter.Id] ??= new short[checked(noise.PairCount * sizeB)];
            noise.FillPairNoise(parameter, null, sizeA, null, sizeB, a16, b16);
            return;
        }

        var a = factorsA[parameter.Id].Buffer ?? new float[checked(noise.PairCount * sizeA)];
        var b = factorsB[parameter.Id].Buffer ?? new float[checked(noise.PairCount * sizeB)];
        noise.FillPairNoise(parameter, a, sizeA, b, sizeB);
        factorsA[parameter.Id] = PairSlices.Contiguous(a, sizeA);
        factorsB[parameter.Id] = PairSlices.Contiguous(b, sizeB);
    }

    /// <summary>Pair p's A_pᵀ of <paramref name="parameter"/>; Rademacher factors are written out as floats on the first request of a noise epoch.</summary>
    private PairSlices FactorsA(Parameter parameter) =>
        signFactors[parameter.Id] is { } signs ? signs.Floats() : factorsA[parameter.Id];

    /// <summary>Pair p's B_pᵀ of <paramref name="parameter"/>, as <see cref="FactorsA"/>.</summary>
    private PairSlices FactorsB(Parameter parameter) =>
        signFactors[parameter.Id] is { } signs ? signs.Floats() with { Shift = Rank * parameter.Rows } : factorsB[parameter.Id];

    /// <summary>
    /// Hands the factors to <paramref name="terms"/>, which adds s_t(σ/√r)·(x_i·B_p)·A_pᵀ to each output block: 16-bit ones as such,
    /// Rademacher ones as bits when <see cref="PopulationNoise.ReadsBits"/> says so for <paramref name="rows"/>, else as floats.
    /// </summary>
    private void SetLowRank(Parameter weight, Matrix x, PopulationRowTerms terms, MemberRows rows)
    {
        if (fixedA[weight.Id] is { } a16)
        {
            terms.SetFixed16LowRank(x.Data, weight.Cols, a16, fixedB[weight.Id]!, Rank, Scale);
        }
        else if (signFactors[weight.Id] is { } signs && PopulationNoise.ReadsBits(rows))
        {
            terms.SetSignLowRank(x.Data, weight.Cols, signs, Rank, Scale);
        }
        else
        {
            terms.SetLowRank(x.Data, weight.Cols, FactorsA(weight), FactorsB(weight), Rank, Scale);
        }
    }
}
