namespace Eggroll.Tests.Gradients;

/// <summary>Central finite differences in float64, compared with a float32 analytic gradient.</summary>
internal static class GradientCheck
{
    private const double Step = 1e-5;

    /// <summary>
    /// Perturbs each coordinate of <paramref name="point"/> by ±h, evaluates the float64 <paramref name="loss"/>
    /// and asserts that (L(+h) − L(−h))/2h matches <paramref name="analytic"/> within 1e-4·max(1, |numeric|).
    /// </summary>
    public static void Matches(string what, double[] point, Func<double[], double> loss, ReadOnlySpan<float> analytic)
    {
        Assert.Equal(point.Length, analytic.Length);
        var x = (double[])point.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            double numeric = CentralDifference(x, i, loss);
            double tolerance = 1e-4 * Math.Max(1, Math.Abs(numeric));
            Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance, $"{what}[{i}]: analytic {analytic[i]}, finite difference {numeric}");
        }
    }

    /// <summary>
    /// Central differences at the coordinates <paramref name="indices"/> only, each within
    /// <paramref name="tolerance"/>·(largest |finite difference| among them) of the analytic value, for gradients
    /// whose scale is far from 1; fails when all of them are zero, so a missing gradient cannot pass.
    /// </summary>
    public static void MatchesAt(string what, double[] point, Func<double[], double> loss, ReadOnlySpan<float> analytic, IReadOnlyList<int> indices, double tolerance)
    {
        Assert.Equal(point.Length, analytic.Length);
        var x = (double[])point.Clone();
        var numeric = indices.Select(i => CentralDifference(x, i, loss)).ToArray();

        double scale = numeric.Max(Math.Abs);
        Assert.True(scale > 1e-7, $"{what}: every finite difference is zero at the checked entries");
        for (int n = 0; n < indices.Count; n++)
        {
            double error = Math.Abs(numeric[n] - analytic[indices[n]]);
            Assert.True(error <= tolerance * scale, $"{what}[{indices[n]}]: analytic {analytic[indices[n]]}, finite difference {numeric[n]} (scale {scale})");
        }
    }

    /// <summary>(L(x + h·e_i) − L(x − h·e_i))/2h, leaving <paramref name="x"/> as it was.</summary>
    private static double CentralDifference(double[] x, int i, Func<double[], double> loss)
    {
        double original = x[i];
        x[i] = original + Step;
        double up = loss(x);
        x[i] = original - Step;
        double down = loss(x);
        x[i] = original;
        return (up - down) / (2 * Step);
    }

    /// <summary>Values uniform in [−scale, scale), as float (so the float32 code and the float64 reference see the same numbers).</summary>
    public static float[] Random(Random random, int count, double scale = 1) =>
        Enumerable.Range(0, count).Select(_ => (float)(((random.NextDouble() * 2) - 1) * scale)).ToArray();

    /// <summary>The values widened to double.</summary>
    public static double[] Widen(ReadOnlySpan<float> values) => values.ToArray().Select(v => (double)v).ToArray();
}
