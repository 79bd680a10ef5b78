using CsCheck;
using Eggroll.Population;

namespace Eggroll.Tests.Properties;

/// <summary>
/// Invariants of fitness shaping over random score vectors. Scores are small integers so that
/// shifts and integer scalings are exact in float32 and only the shaping itself can differ.
/// </summary>
public sealed class FitnessShapingProperties
{
    private static readonly Gen<float[]> Scores = Gen.Int[-1000, 1000].Select(v => (float)v).Array[Gen.Int[1, 40].Select(p => 2 * p)];

    private static readonly Gen<(float[] Scores, int[] Permutation, int Shift, int Scale)> Transformed =
        Scores.SelectMany(s => Gen.Shuffle(Enumerable.Range(0, s.Length).ToArray()).Select(p => (s, p)))
            .Select(Gen.Int[-5000, 5000], Gen.Int[1, 300], (sp, shift, scale) => (sp.s, sp.p, shift, scale));

    [Fact]
    public void CentredRanksAreEquivariantUnderPermutationAndInvariantUnderShiftAndPositiveScale()
    {
        foreach (var c in Cases.Draw(Transformed, count: 300, seed: 31))
        {
            var shaped = Shape(c.Scores, ShapingKind.CentredRank);

            Assert.Equal(Permute(shaped, c.Permutation), Shape(Permute(c.Scores, c.Permutation), ShapingKind.CentredRank));
            Assert.Equal(shaped, Shape([.. c.Scores.Select(v => v * c.Scale + c.Shift)], ShapingKind.CentredRank));
        }
    }

    [Fact]
    public void ZScoresAreEquivariantUnderPermutationAndInvariantUnderShiftAndPositiveScale()
    {
        // Exact only away from the variance floor (1e-5) that keeps near-constant scores finite,
        // hence scores whose variance is at least 1, and only up to float32 rounding of the sums.
        foreach (var c in Cases.Draw(Transformed.Where(c => Variance(c.Scores) >= 1), count: 300, seed: 37))
        {
            var shaped = Shape(c.Scores, ShapingKind.ZScore);

            AssertClose(Permute(shaped, c.Permutation), Shape(Permute(c.Scores, c.Permutation), ShapingKind.ZScore));
            AssertClose(shaped, Shape([.. c.Scores.Select(v => v * c.Scale + c.Shift)], ShapingKind.ZScore));
            AssertClose([.. shaped.Select(v => -v)], Shape([.. c.Scores.Select(v => -v)], ShapingKind.ZScore));
        }
    }

    [Fact]
    public void NonFiniteScoresNeverLeakAndRankWorst()
    {
        var gen = Gen.Select(Scores, Gen.OneOf(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity }).Array[1, 10], Gen.Int[0, int.MaxValue], Gen.Enum<ShapingKind>());
        foreach (var (finite, bad, where, kind) in Cases.Draw(gen, count: 400, seed: 41))
        {
            var scores = (float[])finite.Clone();
            var random = new Random(where);
            var poisoned = new HashSet<int>();
            foreach (float value in bad)
            {
                int i = random.Next(scores.Length);
                scores[i] = value;
                poisoned.Add(i);
            }

            var shaped = new float[scores.Length];
            int count = FitnessShaping.Shape(scores, shaped, kind);

            Assert.Equal(poisoned.Count, count);
            Assert.All(shaped, v => Assert.True(float.IsFinite(v), $"{kind} produced {v}"));
            if (poisoned.Count == scores.Length)
            {
                Assert.All(shaped, v => Assert.Equal(0f, v));
            }
            else if (kind != ShapingKind.PairSign)
            {
                float worst = shaped.Min();
                Assert.All(poisoned, i => Assert.Equal(worst, shaped[i]));
            }
            else
            {
                // Pair signs compare the two members of a pair only: a poisoned member never wins its pair.
                Assert.All(poisoned, i => Assert.True(shaped[i] <= shaped[i ^ 1], $"poisoned member {i} beat its partner"));
            }
        }
    }

    private static float[] Shape(float[] scores, ShapingKind kind)
    {
        var shaped = new float[scores.Length];
        FitnessShaping.Shape(scores, shaped, kind);
        return shaped;
    }

    private static float[] Permute(float[] values, int[] permutation) => [.. permutation.Select(i => values[i])];

    private static double Variance(float[] values)
    {
        double mean = values.Average(v => (double)v);
        return values.Average(v => (v - mean) * (v - mean));
    }

    private static void AssertClose(float[] expected, float[] actual) => TestData.AssertClose(expected, actual, 1e-4f);
}
