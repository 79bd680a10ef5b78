using System.Runtime.CompilerServices;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// The per-row terms of a population's Linear layer, applied to each output block right after
/// the shared product x·Wᵀ while the block (and the rows of x just packed for it) are in cache:
/// the bias b, member t's bias noise s_t·σ·ε_p, and its rank-r correction Σ_k u_ik·A_p[:, k] with
/// u_ik = s_t·c·(x_i·B_p[:, k]). Every term is optional. Vector and scalar paths use the same fused
/// multiply-adds in the same order, so results do not depend on how blocks are cut.
/// </summary>
internal sealed unsafe class PopulationRowTerms : IGemmEpilogue
{
    private float[]? bias;
    private float[]? biasNoise;
    private float noiseScale;
    private float[]? input;
    private int inputWidth;
    private float[]? factorsA;
    private float[]? factorsB;
    private float lowRankScale;
    private int rank;
    private int width;
    private int[]? rowMember;

    /// <summary>Starts a new configuration for outputs of <paramref name="outputWidth"/> columns with rows mapped to members by <paramref name="memberOfRow"/>.</summary>
    public void Reset(int outputWidth, int[]? memberOfRow)
    {
        width = outputWidth;
        rowMember = memberOfRow;
        bias = biasNoise = input = factorsA = factorsB = null;
        rank = 0;
        noiseScale = 0f;
    }

    /// <summary>Adds the same <paramref name="values"/> to every row.</summary>
    public void SetBias(float[] values) => bias = values;

    /// <summary>Adds s_t·<paramref name="scale"/>·ε_p to the rows of member t, where ε_p is row p of <paramref name="noise"/> (pairs × width).</summary>
    public void SetBiasNoise(float[] noise, float scale)
    {
        biasNoise = noise;
        noiseScale = scale;
    }

    /// <summary>
    /// Adds s_t·<paramref name="scale"/>·Σ_k (x_i·bᵀ_p[k, :])·aᵀ_p[k, :] to row i, with x (rows × inputWidth),
    /// <paramref name="transposedA"/> (pairs × r × width) and <paramref name="transposedB"/> (pairs × r × inputWidth).
    /// </summary>
    public void SetLowRank(float[] x, int xWidth, float[] transposedA, float[] transposedB, int factorRank, float scale)
    {
        input = x;
        inputWidth = xWidth;
        factorsA = transposedA;
        factorsB = transposedB;
        rank = factorRank;
        lowRankScale = scale;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(int rowStart, int rowCount, int colStart, int colCount, float* block, int ldc)
    {
        Span<float> projections = stackalloc float[rank];
        fixed (float* b = bias, noise = biasNoise, a = factorsA)
        {
            for (int r = 0; r < rowCount; r++)
            {
                int row = rowStart + r;
                int member = rowMember is null ? 0 : rowMember[row];
                int pair = member >> 1;
                float sign = AntitheticPairs.SignOf(member);
                if (rank > 0)
                {
                    Project(row, pair, sign, projections);
                }

                var terms = new RowTerms(
                    b is null ? null : b + colStart,
                    noise is null ? null : noise + ((long)pair * width) + colStart,
                    sign * noiseScale,
                    a is null ? null : a + ((long)pair * rank * width) + colStart,
                    width);
                terms.AddTo(block + ((long)r * ldc), colCount, projections);
            }
        }
    }

    private void Project(int row, int pair, float sign, Span<float> projections)
    {
        var x = input.AsSpan(row * inputWidth, inputWidth);
        var bt = factorsB.AsSpan(pair * rank * inputWidth, rank * inputWidth);
        float coefficient = sign * lowRankScale;
        for (int k = 0; k < projections.Length; k++)
        {
            projections[k] = coefficient * VectorOps.Dot(x, bt.Slice(k * inputWidth, inputWidth));
        }
    }
}
