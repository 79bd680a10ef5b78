using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Numerics.Int8;

namespace Eggroll.Population.Strategies;

/// <summary>
/// The integer update of docs/algorithm.md §4.5 for one matrix. With pair fitness F_p ∈ {−1, 0, +1},
/// Z = Σ_p F_p · Σ_q A_pq B_pqᵀ is computed exactly in int32 by one <see cref="Int8Gemm"/> (pairs with
/// F_p = 0 are skipped). W[j, k] moves by sign(Z[j, k]) where |Z[j, k]| &gt; τ and is clipped to ±127.
/// </summary>
/// <remarks>
/// The threshold: if the fitness signs carried no information, each Z[j, k] would be a sum of
/// P·r independent terms ±a·b, a and b independent table entries, each with variance
/// E[a²]·E[b²] = m² (m = <see cref="Int8NoiseTable.MeanSquare"/>, ≈ 256). By the central limit theorem
/// Z[j, k] ≈ N(0, P·r·m²), so τ = ⌊z_{1−α/2} · m · √(P·r)⌋ lets through a fraction α of weights
/// under that null; informative fitness lets through more where the signal is. P counts the pairs
/// with F_p ≠ 0 (ties contribute nothing).
/// </remarks>
public static class Int8Update
{
    /// <summary>The threshold τ for <paramref name="activePairs"/> pairs of rank <paramref name="rank"/> and target fraction <paramref name="alpha"/>.</summary>
    public static long Threshold(double alpha, int activePairs, int rank, double meanSquare) =>
        (long)Math.Floor(NormalQuantile.TwoSided(alpha) * meanSquare * Math.Sqrt((double)activePairs * rank));

    /// <summary>
    /// Z of one matrix (outputs × inputs, row-major) for the pair fitness <paramref name="pairFitness"/>, built in
    /// <paramref name="workspace"/> (which must have been sized for this matrix); allocates nothing.
    /// </summary>
    /// <returns>The number of pairs with nonzero fitness.</returns>
    /// <exception cref="ArgumentException">The workspace is too small for this matrix.</exception>
    public static int Accumulate(Int8MatrixNoise noise, ReadOnlySpan<sbyte> pairFitness, Span<int> z, Int8UpdateWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(workspace);
        int active = 0;
        foreach (sbyte f in pairFitness)
        {
            active += f != 0 ? 1 : 0;
        }

        int m = noise.Outputs, n = noise.Inputs, k = active * noise.Rank;
        if (k == 0)
        {
            z[..(m * n)].Clear();
            return 0;
        }

        if ((long)m * k > workspace.Left.Length || (long)n * k > workspace.Right.Length)
        {
            throw new ArgumentException($"The update workspace holds {workspace.Left.Length} and {workspace.Right.Length} factor values; {active} active pairs of rank {noise.Rank} on a {m}×{n} matrix need {(long)m * k} and {(long)n * k}.", nameof(workspace));
        }

        var left = workspace.Left.AsSpan(0, m * k);
        var right = workspace.Right.AsSpan(0, n * k);
        int column = 0;
        for (int p = 0; p < pairFitness.Length; p++)
        {
            if (pairFitness[p] == 0)
            {
                continue;
            }

            for (int q = 0; q < noise.Rank; q++, column++)
            {
                var a = noise.A(p, q);
                var b = noise.B(p, q);
                for (int j = 0; j < m; j++)
                {
                    left[(j * k) + column] = (sbyte)(pairFitness[p] * a[j]);
                }

                for (int i = 0; i < n; i++)
                {
                    right[(i * k) + column] = b[i];
                }
            }
        }

        workspace.Packed.Repack(right, n, k);
        Int8Gemm.Multiply(left, m, workspace.Packed, z);
        return active;
    }

    /// <summary>Moves each weight by ±1 towards sign(Z) where |Z| &gt; τ, clipping to ±127; returns how many changed.</summary>
    public static int Apply(ReadOnlySpan<int> z, long threshold, Span<sbyte> weights)
    {
        int changed = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (Math.Abs((long)z[i]) > threshold)
            {
                sbyte moved = Int8Math.Clip(weights[i] + Math.Sign(z[i]));
                changed += moved != weights[i] ? 1 : 0;
                weights[i] = moved;
            }
        }

        return changed;
    }
}
