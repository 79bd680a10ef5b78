using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// EGGROLL's perturbation: member t perturbs a matrix W (m×n) by
/// σE_t = s_t·(σ/√r)·A_p·B_pᵀ with A_p (m×r), B_p (n×r) standard normal, and an embedding
/// table the same way row by row. The factors of all pairs are generated once per noise
/// epoch (A_p then B_p from one noise stream) and stored transposed.
/// </summary>
public sealed class LowRankPerturbation : Perturbation
{
    private readonly float[]?[] factorsA;
    private readonly float[]?[] factorsB;
    private float[] weightedA = [];

    /// <summary>Largest supported rank.</summary>
    public const int MaxRank = 256;

    /// <summary>Creates the perturbation with rank <paramref name="rank"/> ≥ 1.</summary>
    public LowRankPerturbation(ParameterSet parameters, ulong seed, int memberCount, float sigma, int rank)
        : base(parameters, seed, memberCount, sigma)
    {
        if (rank < 1 || rank > MaxRank)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"Rank must be between 1 and {MaxRank}.");
        }

        Rank = rank;
        factorsA = new float[]?[parameters.Count];
        factorsB = new float[]?[parameters.Count];
    }

    /// <summary>The rank r of every matrix perturbation.</summary>
    public int Rank { get; }

    private float Scale => Sigma / MathF.Sqrt(Rank);

    /// <inheritdoc/>
    private protected override void GenerateMatrixNoise(Parameter parameter)
    {
        int sizeA = Rank * parameter.Rows, sizeB = Rank * parameter.Cols;
        var a = factorsA[parameter.Id] ??= new float[checked(PairCount * sizeA)];
        var b = factorsB[parameter.Id] ??= new float[checked(PairCount * sizeB)];
        FillPairNoise(parameter, a, sizeA, b, sizeB);
    }

    /// <summary>Hands the factors to <paramref name="terms"/>, which adds s_t(σ/√r)·(x_i·B_p)·A_pᵀ to each output block.</summary>
    private protected override void PrepareMatrixNoise(Parameter weight, Matrix x, MemberRows rows, PopulationRowTerms terms) =>
        terms.SetLowRank(x.Data, weight.Cols, factorsA[weight.Id]!, factorsB[weight.Id]!, Rank, Scale);

    /// <summary>Nothing: the whole low-rank correction is added to the product's output blocks.</summary>
    private protected override void AddMatrixNoiseAfterProduct(Parameter weight, Matrix x, Matrix y, MemberRows rows)
    {
    }

    /// <inheritdoc/>
    private protected override void AddEmbeddingNoiseCore(Parameter table, ReadOnlySpan<int> tokens, Matrix y, MemberRows rows)
    {
        var a = factorsA[table.Id]!;
        var b = factorsB[table.Id]!;
        int vocabulary = table.Rows, width = table.Cols;
        for (int t = 0; t < rows.MemberCount; t++)
        {
            int p = t >> 1;
            float coefficient = SignOf(t) * Scale;
            var at = a.AsSpan(p * Rank * vocabulary, Rank * vocabulary);
            var bt = b.AsSpan(p * Rank * width, Rank * width);
            for (int i = rows.Start(t); i < rows.End(t); i++)
            {
                var yRow = y.Row(i);
                for (int k = 0; k < Rank; k++)
                {
                    VectorOps.AddScaled(bt.Slice(k * width, width), coefficient * at[k * vocabulary + tokens[i]], yRow);
                }
            }
        }
    }

    /// <summary>ĝ = 1/(Nσ√r)·Ãᵀ·B̃, where Ã stacks c_p·A_pᵀ and B̃ stacks B_pᵀ over all pairs: one product of size m × (N/2·r) × n.</summary>
    private protected override void EstimateMatrix(Parameter parameter, ReadOnlySpan<float> pairWeights, Span<float> gradient)
    {
        int m = parameter.Rows, n = parameter.Cols, sizeA = Rank * m;
        var a = factorsA[parameter.Id]!;
        if (weightedA.Length < a.Length)
        {
            weightedA = new float[a.Length];
        }

        for (int p = 0; p < PairCount; p++)
        {
            var source = a.AsSpan(p * sizeA, sizeA);
            var target = weightedA.AsSpan(p * sizeA, sizeA);
            source.CopyTo(target);
            VectorOps.Scale(target, pairWeights[p]);
        }

        Gemm.Multiply(
            Transpose.Yes, Transpose.No, m, n, PairCount * Rank, 1f / (MemberCount * Sigma * MathF.Sqrt(Rank)),
            weightedA, m, factorsB[parameter.Id], n, 0f, gradient, n);
    }
}
