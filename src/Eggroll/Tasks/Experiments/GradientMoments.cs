namespace Eggroll.Tasks.Experiments;

/// <summary>Running mean and Monte Carlo variance, element by element, of independent gradient estimates.</summary>
internal sealed class GradientMoments
{
    private readonly double[] sum;
    private readonly double[] sumOfSquares;

    /// <summary>Creates an empty accumulator for estimates of <paramref name="length"/> values.</summary>
    public GradientMoments(int length)
    {
        sum = new double[length];
        sumOfSquares = new double[length];
    }

    /// <summary>Number of estimates added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one estimate.</summary>
    public void Add(ReadOnlySpan<float> estimate)
    {
        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] += estimate[i];
            sumOfSquares[i] += (double)estimate[i] * estimate[i];
        }

        Count++;
    }

    /// <summary>The element-wise mean of the estimates.</summary>
    public double[] Mean() => sum.Select(s => s / Count).ToArray();

    /// <summary>Σ_i SE_i², the summed squared standard errors of the mean's elements (sample variance / count).</summary>
    public double SummedSquaredStandardError() => StandardErrors().Sum(e => e * e);

    /// <summary>SE_i = √(sample variance_i / count), the standard error of each element of the mean.</summary>
    public double[] StandardErrors()
    {
        if (Count < 2)
        {
            throw new InvalidOperationException("A standard error needs at least two estimates.");
        }

        var errors = new double[sum.Length];
        for (int i = 0; i < sum.Length; i++)
        {
            double mean = sum[i] / Count;
            double variance = Math.Max(0, (sumOfSquares[i] - Count * mean * mean) / (Count - 1));
            errors[i] = Math.Sqrt(variance / Count);
        }

        return errors;
    }
}
