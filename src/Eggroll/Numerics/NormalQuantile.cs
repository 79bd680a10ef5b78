namespace Eggroll.Numerics;

/// <summary>Two-sided standard normal quantile, used once per epoch to turn a target fraction into a threshold.</summary>
public static class NormalQuantile
{
    /// <summary>
    /// Returns z with P(|Z| &gt; z) = <paramref name="fraction"/> for Z standard normal, i.e. z_{1−α/2}:
    /// bisection on erfc (the Chebyshev fit of Numerical Recipes' erfcc, relative error below
    /// 1.2e-7), so the result is within about 1e-6 of the exact quantile.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in (0, 1].</exception>
    public static double TwoSided(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must be in (0, 1].");
        }

        double low = 0, high = 40;
        for (int i = 0; i < 100; i++)
        {
            double mid = 0.5 * (low + high);
            if (Erfc(mid / Math.Sqrt(2)) > fraction)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary>Complementary error function for x ≥ 0.</summary>
    private static double Erfc(double x)
    {
        double t = 1 / (1 + (0.5 * x));
        double poly = -1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806 + (t * (0.27886807
            + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        return t * Math.Exp((-x * x) + poly);
    }
}
