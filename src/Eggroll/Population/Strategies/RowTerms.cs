using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Population.Strategies;

/// <summary>
/// The terms added to the output rows of one antithetic pair's members in a single pass that reads the shared
/// sources once for two rows: c += bias, then c = fma(noiseScale, noise, c), then the rank-r correction Σ_k u_k·a_k in
/// <see cref="FactorGroups"/>, with the noise and factors from <typeparamref name="TSource"/> and each row with its own
/// noise scale (its sign) and projections u. Any source may be missing. Each element sees the same operations in the same
/// order on the vector and scalar paths, so neither the split into vectors nor the pairing of rows changes a bit; a lone
/// row is passed as both rows of the pair. Where the source has sign codes, a group's sum is looked up in a 16-entry table
/// built once per row with the same operations, so it has the same bits as the sum of the ±1 values.
/// </summary>
internal readonly unsafe struct RowTerms<TSource>(float* bias, TSource source, int rank)
    where TSource : struct, IPairTermSource
{
    /// <summary>
    /// Adds the terms to <paramref name="c0"/>[0..count) with noise scale <paramref name="noiseScale0"/> and projections
    /// <paramref name="u0"/>, and to <paramref name="c1"/> with <paramref name="noiseScale1"/> and <paramref name="u1"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddTo(float* c0, float noiseScale0, float* u0, float* c1, float noiseScale1, float* u1, int count)
    {
        // One method per way of adding the factors, each called once per row pair: compiled as one, their loops' values
        // were spilled.
        if (source.HasSignCodes && source.HasFactors && FactorGroups.LooksUp(rank))
        {
            AddLookedUp(c0, noiseScale0, u0, c1, noiseScale1, u1, count);
        }
        else
        {
            AddSummed(c0, noiseScale0, u0, c1, noiseScale1, u1, count);
        }
    }

    /// <summary><see cref="AddTo"/> with every group's sum looked up in the rows' tables of signed sums (AVX-512, sign codes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private void AddLookedUp(float* c0, float noiseScale0, float* u0, float* c1, float noiseScale1, float* u1, int count)
    {
        // Locals rather than fields: read through this struct's fields, every step reloaded them.
        TSource terms = source;
        float* rowBias = bias;
        int factors = rank;
        var scale0 = Vector512.Create(noiseScale0);
        var scale1 = Vector512.Create(noiseScale1);

        // Both rows' tables of group g at [2g] and [2g + 1]; written before they are read, so not zeroed ([SkipLocalsInit]).
        Vector512<float>* tables = stackalloc Vector512<float>[2 * FactorGroups.Count(factors)];
        WriteTables(u0, u1, factors, tables);
        int j = 0;
        if (factors <= FactorGroups.Size)
        {
            // Up to four factors: both tables stay in registers.
            var table0 = tables[0];
            var table1 = tables[1];
            for (; j <= count - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var (v0, v1) = BiasAndNoise(terms, rowBias, c0, scale0, c1, scale1, j);
                var codes = terms.Codes(0, factors, j);
                (v1 + Avx512F.PermuteVar16x32(table1, codes)).Store(c1 + j);
                (v0 + Avx512F.PermuteVar16x32(table0, codes)).Store(c0 + j);
            }
        }
        else
        {
            for (; j <= count - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var (v0, v1) = BiasAndNoise(terms, rowBias, c0, scale0, c1, scale1, j);
                for (int g = 0; g < FactorGroups.Count(factors); g++)
                {
                    var codes = terms.Codes(g, FactorGroups.SizeOf(g, factors), j);
                    v0 += Avx512F.PermuteVar16x32(tables[2 * g], codes);
                    v1 += Avx512F.PermuteVar16x32(tables[(2 * g) + 1], codes);
                }

                v1.Store(c1 + j);
                v0.Store(c0 + j);
            }
        }

        AddScalarSteps(terms, rowBias, j, c0, noiseScale0, u0, c1, noiseScale1, u1, factors, count);
    }

    /// <summary><see cref="AddTo"/> with each group's sum formed from the factors' values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private void AddSummed(float* c0, float noiseScale0, float* u0, float* c1, float noiseScale1, float* u1, int count)
    {
        // Locals rather than fields, and each projection broadcast once for the row rather than once per step: read
        // through this struct's fields, every step reloaded them.
        TSource terms = source;
        float* rowBias = bias;
        int factors = terms.HasFactors ? rank : 0;
        var scale0 = Vector512.Create(noiseScale0);
        var scale1 = Vector512.Create(noiseScale1);
        int j = 0;
        if (factors <= 1)
        {
            // No factor or one (the bias of a plain pass, rank 1): both rows' projections stay in registers.
            var p0 = factors == 1 ? Vector512.Create(u0[0]) : default;
            var p1 = factors == 1 ? Vector512.Create(u1[0]) : default;
            for (; j <= count - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var (v0, v1) = BiasAndNoise(terms, rowBias, c0, scale0, c1, scale1, j);
                if (factors == 1)
                {
                    terms.AddFactor(0, j, p0, p1, ref v0, ref v1);
                }

                v1.Store(c1 + j);
                v0.Store(c0 + j);
            }

            AddScalarSteps(terms, rowBias, j, c0, noiseScale0, u0, c1, noiseScale1, u1, factors, count);
            return;
        }

        // Both rows' projections broadcast, at [2k] and [2k + 1]; written before they are read, so not zeroed.
        Vector512<float>* projections = stackalloc Vector512<float>[2 * factors];
        for (int k = 0; k < factors; k++)
        {
            projections[2 * k] = Vector512.Create(u0[k]);
            projections[(2 * k) + 1] = Vector512.Create(u1[k]);
        }

        for (; j <= count - Vector512<float>.Count; j += Vector512<float>.Count)
        {
            var (v0, v1) = BiasAndNoise(terms, rowBias, c0, scale0, c1, scale1, j);
            for (int first = 0; first < factors; first += FactorGroups.Size)
            {
                Vector512<float>* u = projections + (2 * first);
                int size = Math.Min(FactorGroups.Size, factors - first);
                if (size == 1)
                {
                    terms.AddFactor(first, j, u[0], u[1], ref v0, ref v1);
                    continue;
                }

                var a = terms.Factor(first, j);
                var t0 = u[0] * a;
                var t1 = u[1] * a;
                if (size == FactorGroups.Size)
                {
                    // A whole group unrolled: the loop's index arithmetic cost more than its multiply-adds.
                    var a1 = terms.Factor(first + 1, j);
                    var a2 = terms.Factor(first + 2, j);
                    var a3 = terms.Factor(first + 3, j);
                    t0 = Vector512.FusedMultiplyAdd(u[3 * 2], a3, Vector512.FusedMultiplyAdd(u[2 * 2], a2, Vector512.FusedMultiplyAdd(u[2], a1, t0)));
                    t1 = Vector512.FusedMultiplyAdd(u[(3 * 2) + 1], a3, Vector512.FusedMultiplyAdd(u[(2 * 2) + 1], a2, Vector512.FusedMultiplyAdd(u[3], a1, t1)));
                }
                else
                {
                    for (int k = 1; k < size; k++)
                    {
                        a = terms.Factor(first + k, j);
                        t0 = Vector512.FusedMultiplyAdd(u[2 * k], a, t0);
                        t1 = Vector512.FusedMultiplyAdd(u[(2 * k) + 1], a, t1);
                    }
                }

                v0 += t0;
                v1 += t1;
            }

            v1.Store(c1 + j);
            v0.Store(c0 + j);
        }

        AddScalarSteps(terms, rowBias, j, c0, noiseScale0, u0, c1, noiseScale1, u1, factors, count);
    }

    /// <summary>Columns [j, count) one at a time, with the vector steps' operations in their order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScalarSteps(TSource terms, float* rowBias, int j, float* c0, float noiseScale0, float* u0, float* c1, float noiseScale1, float* u1, int factors, int count)
    {
        for (; j < count; j++)
        {
            float v0 = c0[j], v1 = c1[j];
            if (rowBias is not null)
            {
                v0 += rowBias[j];
                v1 += rowBias[j];
            }

            if (terms.HasNoise)
            {
                float e = terms.NoiseElement(j);
                v0 = MathF.FusedMultiplyAdd(noiseScale0, e, v0);
                v1 = MathF.FusedMultiplyAdd(noiseScale1, e, v1);
            }

            for (int first = 0; first < factors; first += FactorGroups.Size)
            {
                int size = Math.Min(FactorGroups.Size, factors - first);
                float a = terms.FactorElement(first, j);
                if (size == 1)
                {
                    v0 = MathF.FusedMultiplyAdd(u0[first], a, v0);
                    v1 = MathF.FusedMultiplyAdd(u1[first], a, v1);
                    continue;
                }

                float t0 = u0[first] * a, t1 = u1[first] * a;
                for (int k = first + 1; k < first + size; k++)
                {
                    a = terms.FactorElement(k, j);
                    t0 = MathF.FusedMultiplyAdd(u0[k], a, t0);
                    t1 = MathF.FusedMultiplyAdd(u1[k], a, t1);
                }

                v0 += t0;
                v1 += t1;
            }

            c1[j] = v1;
            c0[j] = v0;
        }
    }

    /// <summary>Columns [j, j + 16) of both rows with the bias and the noise added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> V0, Vector512<float> V1) BiasAndNoise(TSource terms, float* rowBias, float* c0, Vector512<float> scale0, float* c1, Vector512<float> scale1, int j)
    {
        var v0 = Vector512.Load(c0 + j);
        var v1 = Vector512.Load(c1 + j);
        if (rowBias is not null)
        {
            var b = Vector512.Load(rowBias + j);
            v0 += b;
            v1 += b;
        }

        if (terms.HasNoise)
        {
            terms.AddNoise(j, scale0, scale1, ref v0, ref v1);
        }

        return (v0, v1);
    }

    /// <summary>
    /// Writes each group's tables of signed sums for both rows: entry e of row 0's table of group g is the group's sum with
    /// factor first + i taken as −1 where bit i of e is set, formed as the float path forms it (u·(±1), then fused
    /// multiply-adds); a group of one factor gives ±u, which added to c is the path's single fused multiply-add.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteTables(float* u0, float* u1, int factors, Vector512<float>* tables)
    {
        // Entry e's sign of the group's factor i: −1 where bit i of e is set. Built here rather than read from static fields
        // (see SignBits.Flip).
        var signs0 = Vector512.Create(1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f);
        var signs1 = Vector512.Create(1f, 1f, -1f, -1f, 1f, 1f, -1f, -1f, 1f, 1f, -1f, -1f, 1f, 1f, -1f, -1f);
        var signs2 = Vector512.Create(1f, 1f, 1f, 1f, -1f, -1f, -1f, -1f, 1f, 1f, 1f, 1f, -1f, -1f, -1f, -1f);
        var signs3 = Vector512.Create(1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, -1f, -1f, -1f, -1f, -1f, -1f, -1f, -1f);
        for (int first = 0, g = 0; first < factors; first += FactorGroups.Size, g++)
        {
            int size = Math.Min(FactorGroups.Size, factors - first);
            var t0 = Vector512.Create(u0[first]) * signs0;
            var t1 = Vector512.Create(u1[first]) * signs0;
            if (size > 1)
            {
                t0 = Vector512.FusedMultiplyAdd(Vector512.Create(u0[first + 1]), signs1, t0);
                t1 = Vector512.FusedMultiplyAdd(Vector512.Create(u1[first + 1]), signs1, t1);
            }

            if (size > 2)
            {
                t0 = Vector512.FusedMultiplyAdd(Vector512.Create(u0[first + 2]), signs2, t0);
                t1 = Vector512.FusedMultiplyAdd(Vector512.Create(u1[first + 2]), signs2, t1);
            }

            if (size > 3)
            {
                t0 = Vector512.FusedMultiplyAdd(Vector512.Create(u0[first + 3]), signs3, t0);
                t1 = Vector512.FusedMultiplyAdd(Vector512.Create(u1[first + 3]), signs3, t1);
            }

            tables[2 * g] = t0;
            tables[(2 * g) + 1] = t1;
        }
    }
}
