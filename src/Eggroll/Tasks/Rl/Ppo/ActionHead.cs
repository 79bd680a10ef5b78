namespace Eggroll.Tasks.Rl.Ppo;

/// <summary>
/// The two action distributions of <see cref="PpoAgent"/>: categorical over logits, and a diagonal Gaussian
/// N(μ, exp(log_std)²). Log-probabilities and entropies in double precision. A categorical over a valid-action mask
/// (<see cref="ActionMask"/>) is the softmax of the valid logits; an invalid action has log-probability −∞.
/// </summary>
internal static class ActionHead
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>Writes log softmax(<paramref name="logits"/>) over the actions <paramref name="mask"/> allows into <paramref name="logProbabilities"/> (−∞ for the others).</summary>
    public static void LogSoftmax(ReadOnlySpan<float> logits, ReadOnlySpan<float> mask, Span<double> logProbabilities)
    {
        double max = double.NegativeInfinity;
        for (int j = 0; j < logits.Length; j++)
        {
            if (ActionMask.IsValid(mask, j))
            {
                max = Math.Max(max, logits[j]);
            }
        }

        double sum = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            if (ActionMask.IsValid(mask, j))
            {
                sum += Math.Exp(logits[j] - max);
            }
        }

        double logSum = max + Math.Log(sum);
        for (int j = 0; j < logits.Length; j++)
        {
            logProbabilities[j] = ActionMask.IsValid(mask, j) ? logits[j] - logSum : double.NegativeInfinity;
        }
    }

    /// <summary>−Σ p·log p of a categorical given its log-probabilities (an action of probability 0 adds nothing).</summary>
    public static double CategoricalEntropy(ReadOnlySpan<double> logProbabilities)
    {
        double entropy = 0;
        foreach (double l in logProbabilities)
        {
            if (!double.IsNegativeInfinity(l))
            {
                entropy -= Math.Exp(l) * l;
            }
        }

        return entropy;
    }

    /// <summary>log N(<paramref name="action"/>; μ, exp(log_std)²), summed over dimensions.</summary>
    public static double GaussianLogProb(ReadOnlySpan<float> action, ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd)
    {
        double sum = 0;
        for (int d = 0; d < mean.Length; d++)
        {
            double z = (action[d] - mean[d]) / Math.Exp(logStd[d]);
            sum -= (0.5 * z * z) + logStd[d] + HalfLogTwoPi;
        }

        return sum;
    }

    /// <summary>Σ_d (½ + ½·log 2π + log_std_d): the Gaussian's entropy, the same for every state.</summary>
    public static double GaussianEntropy(ReadOnlySpan<float> logStd)
    {
        double sum = 0;
        foreach (float s in logStd)
        {
            sum += 0.5 + HalfLogTwoPi + s;
        }

        return sum;
    }
}
