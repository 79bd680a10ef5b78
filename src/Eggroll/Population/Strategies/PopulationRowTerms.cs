using System.Runtime.CompilerServices;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// The per-row terms of a population's Linear layer, applied to each output block right after
/// the shared product x·Wᵀ while the block (and the rows of x just packed for it) are in cache:
/// the bias b, member t's bias noise s_t·σ·ε_p, and its rank-r correction Σ_k u_ik·A_p[:, k] with
/// u_ik = s_t·c·(x_i·B_p[:, k]). Every term is optional. Vector and scalar paths use the same fused
/// multiply-adds in the same order, so results do not depend on how blocks are cut. Rademacher noise and factors are
/// read as bits (<see cref="SignTermSource{TWords}"/>, <see cref="SignDot"/>) and, from rank 2 on with AVX-512, the factor
/// terms by their sign codes (<see cref="SignPairNoise.RowCodes"/>), bit-identical to the float path on the same ±1 values;
/// factors stored in 16 bits are read as such (<see cref="Fixed16TermSource"/>, <see cref="Fixed16Dot"/>), with the same bits as
/// the float path on their values.
/// </summary>
internal sealed unsafe class PopulationRowTerms : IGemmEpilogue
{
    private float[]? bias;
    private PairSlices biasNoise;
    private float noiseScale;
    private float[]? input;
    private int inputWidth;
    private PairSlices factorsA;
    private PairSlices factorsB;
    private float lowRankScale;
    private int rank;
    private int width;
    private int[]? rowMember;
    private SignPairNoise? signBiasNoise;
    private SignPairNoise? signFactors;
    private byte[]? factorCodes;
    private short[]? fixedA;
    private short[]? fixedB;

    /// <summary>Starts a new configuration for outputs of <paramref name="outputWidth"/> columns with rows mapped to members by <paramref name="memberOfRow"/>.</summary>
    public void Reset(int outputWidth, int[]? memberOfRow)
    {
        width = outputWidth;
        rowMember = memberOfRow;
        bias = input = null;
        biasNoise = factorsA = factorsB = default;
        signBiasNoise = signFactors = null;
        factorCodes = null;
        fixedA = fixedB = null;
        rank = 0;
        noiseScale = 0f;
    }

    /// <summary>Adds the same <paramref name="values"/> to every row.</summary>
    public void SetBias(float[] values) => bias = values;

    /// <summary>Adds s_t·<paramref name="scale"/>·ε_p to the rows of member t, where ε_p is pair p's slice of <paramref name="noise"/> (width values).</summary>
    public void SetBiasNoise(PairSlices noise, float scale)
    {
        biasNoise = noise;
        noiseScale = scale;
    }

    /// <summary>As <see cref="SetBiasNoise"/> with ±1 noise, pair p's elements being its bits in <paramref name="noise"/>.</summary>
    public void SetSignBiasNoise(SignPairNoise noise, float scale)
    {
        signBiasNoise = noise;
        noiseScale = scale;
    }

    /// <summary>
    /// As <see cref="SetLowRank"/> with ±1 factors, pair p's aᵀ_p (r × width) then bᵀ_p (r × inputWidth) being the elements of its
    /// bits in <paramref name="factors"/>.
    /// </summary>
    public void SetSignLowRank(float[] x, int xWidth, SignPairNoise factors, int factorRank, float scale)
    {
        SetProjection(x, xWidth, factorRank, scale);
        signFactors = factors;
        factorCodes = FactorGroups.LooksUp(factorRank) ? factors.StoredRowCodes(factorRank, width) : null;
    }

    /// <summary>
    /// As <see cref="SetLowRank"/> with factors stored in 16 bits (<see cref="Fixed16"/>), pair after pair: pair p's aᵀ_p
    /// (r × width) from element p·r·width of <paramref name="transposedA"/>, its bᵀ_p (r × inputWidth) from p·r·inputWidth of
    /// <paramref name="transposedB"/>.
    /// </summary>
    public void SetFixed16LowRank(float[] x, int xWidth, short[] transposedA, short[] transposedB, int factorRank, float scale)
    {
        SetProjection(x, xWidth, factorRank, scale);
        (fixedA, fixedB) = (transposedA, transposedB);
    }

    /// <summary>
    /// Adds s_t·<paramref name="scale"/>·Σ_k (x_i·bᵀ_p[k, :])·aᵀ_p[k, :] to row i, with x (rows × inputWidth) and pair p's
    /// slices of <paramref name="transposedA"/> (r × width) and <paramref name="transposedB"/> (r × inputWidth).
    /// </summary>
    public void SetLowRank(float[] x, int xWidth, PairSlices transposedA, PairSlices transposedB, int factorRank, float scale)
    {
        SetProjection(x, xWidth, factorRank, scale);
        (factorsA, factorsB) = (transposedA, transposedB);
    }

    /// <summary>The rows x (rows × <paramref name="xWidth"/>) that the factors project, the rank and the low-rank scale.</summary>
    private void SetProjection(float[] x, int xWidth, int factorRank, float scale)
    {
        input = x;
        inputWidth = xWidth;
        rank = factorRank;
        lowRankScale = scale;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Two neighbouring rows of one pair (the two members of an antithetic pair, or two rows of one member) share
    /// their factors and noise, so they are done together: one pass over each bᵀ_p[k, :] for both projections and
    /// one pass over the output columns for both rows.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    public void Apply(int rowStart, int rowCount, int colStart, int colCount, float* block, int ldc)
    {
        float* projections = stackalloc float[2 * Math.Max(rank, 1)];

        // Rademacher bias noise and factors are read as bits; both come from the same choice for a batch, so a batch with
        // either has no float noise.
        bool signs = signBiasNoise is not null || signFactors is not null;
        int noiseWords = signBiasNoise?.WordsPerPair ?? 0, factorWords = signFactors?.WordsPerPair ?? 0;

        // The bits of a pair's noise and factors start at whole words; from colStart on, every 16-element step then starts on
        // a multiple of 16 when colStart and the factors' stride (the width) are.
        bool halfWords = colStart % 16 == 0 && width % 16 == 0;
        int codeStride = SignPairNoise.CodeStride(width), codesPerPair = FactorGroups.Count(rank) * codeStride;
        fixed (float* b = bias, noise = biasNoise.Buffer, a = factorsA.Buffer, x = input, bt = factorsB.Buffer)
        fixed (uint* noiseBits = signBiasNoise?.Words, factorBits = signFactors?.Words)
        fixed (byte* codes = factorCodes)
        fixed (short* a16 = fixedA, b16 = fixedB)
        {
            float* rowBias = b is null ? null : b + colStart;
            for (int r = 0; r < rowCount;)
            {
                var (row, next, pair, sign0, sign1) = RowsAt(rowStart + r, rowStart + rowCount);
                float* x0 = x + ((long)row * inputWidth), x1 = x + ((long)next * inputWidth);
                float* c0 = block + ((long)r * ldc), c1 = block + ((long)(next - rowStart) * ldc);
                if (signs)
                {
                    uint* pairFactors = factorBits is null ? null : factorBits + ((long)pair * factorWords);
                    if (rank > 0)
                    {
                        Project(new SignFactorDots(x0, x1, pairFactors, (long)rank * width, inputWidth), sign0, sign1, projections);
                    }

                    uint* pairNoise = noiseBits is null ? null : noiseBits + ((long)pair * noiseWords);
                    byte* pairCodes = codes is null ? null : codes + ((long)pair * codesPerPair) + colStart;
                    if (halfWords)
                    {
                        AddTerms(new SignTermSource<HalfWords>(pairNoise, colStart, pairFactors, colStart, width, pairCodes, codeStride), rowBias, c0, sign0, c1, sign1, projections, colCount);
                    }
                    else
                    {
                        AddTerms(new SignTermSource<AnyElementWords>(pairNoise, colStart, pairFactors, colStart, width, pairCodes, codeStride), rowBias, c0, sign0, c1, sign1, projections, colCount);
                    }
                }
                else if (a16 is not null)
                {
                    Project(new Fixed16FactorDots(x0, x1, b16 + ((long)pair * rank * inputWidth), inputWidth), sign0, sign1, projections);
                    var source = new Fixed16TermSource(noise is null ? null : noise + biasNoise.Start(pair) + colStart, a16 + ((long)pair * rank * width) + colStart, width);
                    AddTerms(source, rowBias, c0, sign0, c1, sign1, projections, colCount);
                }
                else
                {
                    if (rank > 0)
                    {
                        Project(new FloatFactorDots(x0, x1, bt + factorsB.Start(pair), inputWidth), sign0, sign1, projections);
                    }

                    var source = new FloatTermSource(noise is null ? null : noise + biasNoise.Start(pair) + colStart, a is null ? null : a + factorsA.Start(pair) + colStart, width);
                    AddTerms(source, rowBias, c0, sign0, c1, sign1, projections, colCount);
                }

                r = next - rowStart + 1;
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="source"/>'s terms with the bias to <paramref name="count"/> columns of rows <paramref name="c0"/> and
    /// <paramref name="c1"/> (member signs <paramref name="sign0"/> and <paramref name="sign1"/>, their projections at
    /// <paramref name="projections"/> and projections + rank).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddTerms<TSource>(in TSource source, float* rowBias, float* c0, float sign0, float* c1, float sign1, float* projections, int count)
        where TSource : struct, IPairTermSource =>
        new RowTerms<TSource>(rowBias, source, rank).AddTo(c0, sign0 * noiseScale, projections, c1, sign1 * noiseScale, projections + rank, count);

    /// <summary>
    /// Writes u_k = s·c·(x·bᵀ_p[k, :]) of the first row of <paramref name="dots"/> (sign <paramref name="sign0"/>) to projections[k]
    /// and of the second row to projections[rank + k]: four factors per pass where the width allows (three last ones too, one
    /// done twice), then two (an odd last factor is paired with itself). Every pass gives the same values.
    /// </summary>
    private void Project<TDots>(in TDots dots, float sign0, float sign1, float* projections)
        where TDots : struct, IFactorDots
    {
        int k = 0;
        if (inputWidth % PairedDot.Lanes == 0)
        {
            for (; k + 4 <= rank; k += 4)
            {
                dots.Four(k, 4, projections + k, projections + rank + k);
            }

            if (rank - k == 3)
            {
                // Three factors in one pass over the rows (the last done twice) rather than two passes of two.
                float* three = stackalloc float[8];
                dots.Four(k, 3, three, three + 4);
                for (int i = 0; i < 3; i++)
                {
                    projections[k + i] = three[i];
                    projections[rank + k + i] = three[4 + i];
                }

                k += 3;
            }
        }

        for (; k < rank; k += 2)
        {
            int second = Math.Min(k + 1, rank - 1);
            Store(dots.Two(k, second), k, second, projections);
        }

        Scale(sign0, sign1, projections);
    }

    /// <summary>Stores one pass's dot products of factors <paramref name="k"/> and <paramref name="second"/> for both rows.</summary>
    private void Store(PairedDot.Products dots, int k, int second, float* projections)
    {
        projections[k] = dots.Row0Vector0;
        projections[rank + k] = dots.Row1Vector0;
        projections[second] = dots.Row0Vector1;
        projections[rank + second] = dots.Row1Vector1;
    }

    /// <summary>Turns the raw dot products into u_k = s·c·(x·bᵀ_p[k, :]) for both rows.</summary>
    private void Scale(float sign0, float sign1, float* projections)
    {
        float scale0 = sign0 * lowRankScale, scale1 = sign1 * lowRankScale;
        for (int k = 0; k < rank; k++)
        {
            projections[k] *= scale0;
            projections[rank + k] *= scale1;
        }
    }

    /// <summary>
    /// Row <paramref name="row"/> and the row done together with it (the next row if it is before <paramref name="end"/> and belongs
    /// to the same pair, else the row again), their pair and their members' signs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (int Row, int Next, int Pair, float Sign0, float Sign1) RowsAt(int row, int end)
    {
        int member = MemberOf(row);
        int pair = member >> 1;
        int next = row + 1 < end && MemberOf(row + 1) >> 1 == pair ? row + 1 : row;
        return (row, next, pair, AntitheticPairs.SignOf(member), AntitheticPairs.SignOf(MemberOf(next)));
    }

    private int MemberOf(int row) => rowMember is null ? 0 : rowMember[row];
}
