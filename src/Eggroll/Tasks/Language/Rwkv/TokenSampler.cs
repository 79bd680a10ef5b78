using Eggroll.Noise;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>Chooses a token from logits: argmax at temperature 0, otherwise temperature and top-p sampling with a counter-based uniform draw.</summary>
public static class TokenSampler
{
    /// <summary>The token for draw <paramref name="draw"/> of stream <paramref name="stream"/>; <paramref name="order"/> is scratch space of the vocabulary's length.</summary>
    public static int Choose(ReadOnlySpan<float> logits, SamplingOptions options, uint stream, uint draw, Span<int> order)
    {
        ArgumentNullException.ThrowIfNull(options);
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        if (options.Temperature == 0)
        {
            return best;
        }

        var probabilities = new double[logits.Length];
        double total = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] = Math.Exp((logits[i] - logits[best]) / options.Temperature);
            total += probabilities[i];
        }

        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        order.Sort((a, b) => probabilities[a] != probabilities[b] ? probabilities[b].CompareTo(probabilities[a]) : a.CompareTo(b));
        int kept = 0;
        double mass = 0;
        while (kept < order.Length && (kept == 0 || mass < options.TopP * total))
        {
            mass += probabilities[order[kept++]];
        }

        double target = Uniform(options.Seed, stream, draw) * mass;
        for (int k = 0; k < kept; k++)
        {
            target -= probabilities[order[k]];
            if (target < 0)
            {
                return order[k];
            }
        }

        return order[kept - 1];
    }

    private static double Uniform(ulong seed, uint stream, uint index) => (CounterRandom.NextUInt(seed, stream, index) >> 8) * (1.0 / (1 << 24));
}
