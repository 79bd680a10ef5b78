namespace Eggroll.Numerics;

/// <summary>log Σ exp(x) of float logits, shifted by the maximum and summed in double so it neither overflows nor loses small terms.</summary>
public static class LogSumExp
{
    /// <summary>log Σⱼ exp(<paramref name="logits"/>[j]).</summary>
    public static double Of(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (float z in logits)
        {
            max = Math.Max(max, z);
        }

        double sum = 0;
        foreach (float z in logits)
        {
            sum += Math.Exp(z - max);
        }

        return max + Math.Log(sum);
    }
}
