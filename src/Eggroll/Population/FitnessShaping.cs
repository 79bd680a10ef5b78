namespace Eggroll.Population;

/// <summary>
/// Turns raw scores (higher is better) into fitness weights. Scores that are NaN or ±∞
/// are first replaced by the worst finite score of the epoch, so a diverging member counts
/// as the worst one and never injects a non-finite value into the update; if no score is
/// finite every weight is zero and the parameters do not move.
/// </summary>
public static class FitnessShaping
{
    private const double VarianceFloor = 1e-5;

    /// <summary>
    /// Writes the shaped fitness of <paramref name="scores"/> into <paramref name="shaped"/>
    /// and returns how many scores were not finite.
    /// </summary>
    public static int Shape(ReadOnlySpan<float> scores, Span<float> shaped, ShapingKind kind, int groupSize = 0)
    {
        if (shaped.Length != scores.Length)
        {
            throw new ArgumentException($"Expected {scores.Length} shaped values, got {shaped.Length}.", nameof(shaped));
        }

        int nonFinite = ReplaceNonFinite(scores, shaped);
        if (nonFinite == scores.Length)
        {
            shaped.Clear();
            return nonFinite;
        }

        switch (kind)
        {
            case ShapingKind.ZScore:
                ZScore(shaped, groupSize);
                break;
            case ShapingKind.CentredRank:
                CentredRank(shaped);
                break;
            case ShapingKind.PairSign:
                PairSign(shaped);
                break;
            case ShapingKind.Raw:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown shaping.");
        }

        return nonFinite;
    }

    private static int ReplaceNonFinite(ReadOnlySpan<float> scores, Span<float> destination)
    {
        float worst = float.PositiveInfinity;
        int nonFinite = 0;
        foreach (float score in scores)
        {
            if (float.IsFinite(score))
            {
                worst = Math.Min(worst, score);
            }
            else
            {
                nonFinite++;
            }
        }

        for (int i = 0; i < scores.Length; i++)
        {
            destination[i] = float.IsFinite(scores[i]) ? scores[i] : worst;
        }

        return nonFinite;
    }

    private static void ZScore(Span<float> values, int groupSize)
    {
        int n = values.Length;
        double mean = 0;
        foreach (float v in values)
        {
            mean += v;
        }

        mean /= n;
        double variance = 0;
        foreach (float v in values)
        {
            variance += (v - mean) * (v - mean);
        }

        variance /= n;
        double inverseStd = 1.0 / Math.Sqrt(variance + VarianceFloor);
        int group = groupSize > 0 ? groupSize : n;
        if (n % group != 0)
        {
            throw new ArgumentException($"Group size {groupSize} does not divide the population {n}.", nameof(groupSize));
        }

        for (int start = 0; start < n; start += group)
        {
            var slice = values.Slice(start, group);
            double groupMean = 0;
            foreach (float v in slice)
            {
                groupMean += v;
            }

            groupMean /= group;
            for (int i = 0; i < group; i++)
            {
                slice[i] = (float)((slice[i] - groupMean) * inverseStd);
            }
        }
    }

    private static void CentredRank(Span<float> values)
    {
        int n = values.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var keys = values.ToArray();
        Array.Sort(keys, order);
        float denominator = Math.Max(n - 1, 1);
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            float rank = (start + end - 1) / 2f;
            for (int i = start; i < end; i++)
            {
                values[order[i]] = rank / denominator - 0.5f;
            }

            start = end;
        }
    }

    private static void PairSign(Span<float> values)
    {
        for (int p = 0; p + 1 < values.Length; p += 2)
        {
            float sign = MathF.Sign(values[p] - values[p + 1]);
            values[p] = 0.5f * sign;
            values[p + 1] = -0.5f * sign;
        }
    }
}
