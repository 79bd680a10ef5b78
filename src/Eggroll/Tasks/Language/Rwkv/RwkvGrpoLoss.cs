using Eggroll.Models.Backward.Rwkv;
using Eggroll.Models.Rwkv;
using Eggroll.Numerics;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>
/// Group-relative policy optimisation (GRPO, Shao et al. 2024, DeepSeekMath) for an RWKV-7 policy, on the model's
/// backward pass. A batch holds groups of G completions of the same prompt, each stored as one window of T + 1 tokens
/// (prompt then completion) with a mask of which predicted positions are generated. Each completion i gets the
/// advantage A_i = (r_i − mean of its group) / (std of its group + ε); each generated token t of it the ratio
/// ρ = exp(log π(t) − log π_old(t)). The loss is
/// L = −(1/B) Σ_i (1/|o_i|) Σ_{t ∈ o_i} [min(ρA_i, clip(ρ, 1 − ε, 1 + ε)A_i) − β·KL_t], with the per-token KL to the
/// reference model estimated as exp(q − l) − (q − l) − 1 (q, l the reference and current log-probabilities);
/// prompt positions do not count.
/// </summary>
public sealed class RwkvGrpoLoss
{
    private readonly GrpoOptions options;
    private Matrix? logitsGradient;

    /// <summary>Creates the loss for <paramref name="policy"/>, whose gradients land in <see cref="Backprop"/>.</summary>
    public RwkvGrpoLoss(RwkvModel policy, GrpoOptions grpoOptions)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(grpoOptions);
        grpoOptions.Validate();
        options = grpoOptions;
        Backprop = new RwkvBackprop(policy);
    }

    /// <summary>The policy's backward pass; its <see cref="RwkvBackprop.Gradients"/> hold dL/dθ after <see cref="LossAndGradients"/>.</summary>
    public RwkvBackprop Backprop { get; }

    /// <summary>
    /// Group-normalised advantages of <paramref name="rewards"/> (consecutive groups of <paramref name="groupSize"/>), in double.
    /// </summary>
    public double[] Advantages(ReadOnlySpan<float> rewards, int groupSize)
    {
        if (groupSize < 1 || rewards.Length == 0 || rewards.Length % groupSize != 0)
        {
            throw new ArgumentException($"The rewards must come in whole groups of {groupSize}, got {rewards.Length}.", nameof(rewards));
        }

        var advantages = new double[rewards.Length];
        for (int start = 0; start < rewards.Length; start += groupSize)
        {
            double mean = 0;
            for (int i = start; i < start + groupSize; i++)
            {
                mean += rewards[i];
            }

            mean /= groupSize;
            double variance = 0;
            for (int i = start; i < start + groupSize; i++)
            {
                variance += (rewards[i] - mean) * (rewards[i] - mean);
            }

            double std = Math.Sqrt(variance / groupSize);
            for (int i = start; i < start + groupSize; i++)
            {
                advantages[i] = (rewards[i] - mean) / (std + options.AdvantageEpsilon);
            }
        }

        return advantages;
    }

    /// <summary>
    /// Returns L for <paramref name="sequences"/> (B windows of <paramref name="steps"/> + 1 tokens) and writes dL/dθ into
    /// <see cref="Backprop"/>'s gradients. <paramref name="generated"/>, <paramref name="oldLogProbs"/> and
    /// <paramref name="referenceLogProbs"/> have one entry per predicted position (B·T): whether token t + 1 was generated,
    /// its log-probability under the sampling policy, and under the reference model (ignored when β = 0; may be empty then).
    /// </summary>
    public double LossAndGradients(ReadOnlySpan<int> sequences, int steps, ReadOnlySpan<bool> generated, ReadOnlySpan<float> oldLogProbs, ReadOnlySpan<float> referenceLogProbs, ReadOnlySpan<float> rewards, int groupSize)
    {
        int window = steps + 1;
        int count = steps < 1 ? 0 : sequences.Length / window;
        bool kl = options.KlCoefficient > 0;
        if (count == 0 || sequences.Length != count * window || rewards.Length != count || generated.Length != count * steps
            || oldLogProbs.Length != count * steps || (kl && referenceLogProbs.Length != count * steps))
        {
            throw new ArgumentException($"GRPO needs whole windows of {window} tokens and, per window, a reward and {steps} mask entries, old and (with KL) reference log-probabilities.", nameof(sequences));
        }

        var advantages = Advantages(rewards, groupSize);
        var inputs = new int[count * steps];
        var targets = new int[count * steps];
        for (int s = 0; s < count; s++)
        {
            sequences.Slice(s * window, steps).CopyTo(inputs.AsSpan(s * steps));
            sequences.Slice((s * window) + 1, steps).CopyTo(targets.AsSpan(s * steps));
        }

        var logits = Backprop.Forward(inputs, steps);
        logitsGradient = Matrix.Reuse(logitsGradient, logits.Rows, logits.Cols);
        double loss = 0;
        double clipLow = 1 - options.ClipEpsilon, clipHigh = 1 + options.ClipEpsilon, beta = options.KlCoefficient;
        for (int s = 0; s < count; s++)
        {
            int length = 0;
            for (int t = 0; t < steps; t++)
            {
                length += generated[(s * steps) + t] ? 1 : 0;
            }

            double weight = length == 0 ? 0 : 1.0 / (count * length);
            double a = advantages[s];
            for (int t = 0; t < steps; t++)
            {
                int row = (s * steps) + t;
                var dz = logitsGradient.Row(row);
                if (!generated[row])
                {
                    dz.Clear();
                    continue;
                }

                var z = logits.Row(row);
                double logSum = LogSumExp.Of(z);
                double logProb = z[targets[row]] - logSum;
                double ratio = Math.Exp(logProb - oldLogProbs[row]);
                double unclipped = ratio * a, clipped = Math.Clamp(ratio, clipLow, clipHigh) * a;
                double objective = Math.Min(unclipped, clipped);
                double dObjective = unclipped <= clipped ? unclipped : 0;
                if (kl)
                {
                    double gap = referenceLogProbs[row] - logProb;
                    objective -= beta * (Math.Exp(gap) - gap - 1);
                    dObjective -= beta * (1 - Math.Exp(gap));
                }

                loss -= weight * objective;
                double dLogProb = -weight * dObjective;
                for (int j = 0; j < dz.Length; j++)
                {
                    double p = Math.Exp(z[j] - logSum);
                    dz[j] = (float)(dLogProb * ((j == targets[row] ? 1 : 0) - p));
                }
            }
        }

        Backprop.Backward(logitsGradient);
        return loss;
    }
}
