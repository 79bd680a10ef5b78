using Eggroll.Numerics;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tasks.Rl.Ppo;

/// <summary>
/// PPO's update over one rollout: UpdateEpochs passes, each over a fresh permutation cut into minibatches.
/// Per minibatch the loss L = L_clip − c_ent·H + c_vf·L_value is differentiated by hand with respect to
/// the actor's outputs, the log standard deviations and the critic's value, back-propagated through both
/// networks, clipped to the global norm MaxGradNorm, negated (the optimiser ascends) and stepped.
/// </summary>
internal sealed class PpoUpdate
{
    private readonly PpoConfig config;
    private readonly PpoAgent agent;
    private readonly PpoRollout rollout;
    private readonly int[] order;
    private readonly int size;
    private readonly Matrix observations;
    private readonly Matrix outputGradient;
    private readonly Matrix valueGradient;
    private readonly double[] advantages;
    private readonly double[] logProbabilities;

    /// <summary>Allocates minibatch buffers.</summary>
    public PpoUpdate(PpoConfig config, PpoAgent agent, PpoRollout rollout)
    {
        this.config = config;
        this.agent = agent;
        this.rollout = rollout;
        order = new int[config.BatchSize];
        size = config.BatchSize / config.Minibatches;
        observations = new Matrix(size, rollout.Observations.Cols);
        outputGradient = new Matrix(size, Policy.OutputSize(agent.ActionSpace));
        valueGradient = new Matrix(size, 1);
        advantages = new double[size];
        logProbabilities = new double[outputGradient.Cols];
    }

    /// <summary>Means over the minibatches of one update.</summary>
    public readonly record struct Statistics(double PolicyLoss, double ValueLoss, double Entropy, double ApproxKl, double ClipFraction);

    /// <summary>Runs the update of <paramref name="epoch"/> with the learning rate scaled by <paramref name="learningRateScale"/>.</summary>
    public Statistics Run(ulong seed, long epoch, Optimizer optimizer, float learningRateScale)
    {
        var sums = new double[5];
        for (int pass = 0; pass < config.UpdateEpochs; pass++)
        {
            Shuffle(seed, (uint)(((epoch - 1) * config.UpdateEpochs) + pass));
            for (int m = 0; m < config.Minibatches; m++)
            {
                Differentiate(order.AsSpan(m * size, size), sums);
                GradientClipping.ClipGlobalNorm(agent.Gradients, config.MaxGradNorm);
                foreach (var gradient in agent.Gradients)
                {
                    System.Numerics.Tensors.TensorPrimitives.Negate(gradient, gradient);
                }

                optimizer.Step(agent.Gradients, learningRateScale);
            }
        }

        double n = config.UpdateEpochs * config.Minibatches;
        return new Statistics(sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n);
    }

    private void Shuffle(ulong seed, uint stream)
    {
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = PpoRandom.Below(seed, PpoRandom.Purpose.Shuffle, stream, (uint)i, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>
    /// Fills the agent's gradients with dL/dθ of the minibatch of rollout <paramref name="rows"/> (unclipped, not
    /// negated) and adds its policy loss, value loss, entropy, approximate KL and clip fraction to <paramref name="sums"/>.
    /// </summary>
    internal void Differentiate(ReadOnlySpan<int> rows, double[] sums)
    {
        for (int i = 0; i < size; i++)
        {
            rollout.Observations.Row(rows[i]).CopyTo(observations.Row(i));
            advantages[i] = rollout.Advantages[rows[i]];
        }

        if (config.NormalizeAdvantages)
        {
            Normalize(advantages);
        }

        var output = agent.Actor.Forward(observations);
        var values = agent.Critic.Forward(observations);
        var logStdGradient = agent.LogStdGradient;
        logStdGradient.Clear();
        double policyLoss = 0, valueLoss = 0, entropy = 0, kl = 0, clipped = 0;
        double clip = config.ClipCoefficient, entropyWeight = config.EntropyCoefficient / size;
        for (int i = 0; i < size; i++)
        {
            int row = rows[i];
            var action = rollout.Actions.AsSpan(row * rollout.ActionSize, rollout.ActionSize);
            var mean = output.Row(i);
            double newLogProb = LogProbAndEntropy(mean, rollout.Mask(row), action, out double rowEntropy);
            double logRatio = newLogProb - rollout.LogProbs[row];
            double ratio = Math.Exp(logRatio);
            double a = advantages[i];
            double clippedRatio = Math.Clamp(ratio, 1 - clip, 1 + clip);
            bool clipActive = -a * clippedRatio > -a * ratio;
            policyLoss += Math.Max(-a * ratio, -a * clippedRatio);
            entropy += rowEntropy;
            kl += ratio - 1 - logRatio;
            clipped += Math.Abs(ratio - 1) > clip ? 1 : 0;
            double logProbGradient = clipActive ? 0 : -a * ratio / size;
            WriteOutputGradient(i, mean, action, logProbGradient, entropyWeight, logStdGradient);
            valueLoss += ValueTerm(i, values[i, 0], row);
        }

        if (agent.LogStd is not null)
        {
            for (int d = 0; d < logStdGradient.Length; d++)
            {
                logStdGradient[d] -= config.EntropyCoefficient;
            }
        }

        agent.Backward(outputGradient, valueGradient);
        sums[0] += policyLoss / size;
        sums[1] += valueLoss / size;
        sums[2] += entropy / size;
        sums[3] += kl / size;
        sums[4] += clipped / size;
    }

    private double LogProbAndEntropy(ReadOnlySpan<float> output, ReadOnlySpan<float> mask, ReadOnlySpan<float> action, out double entropy)
    {
        if (agent.LogStd is { } logStd)
        {
            entropy = ActionHead.GaussianEntropy(logStd.Value);
            return ActionHead.GaussianLogProb(action, output, logStd.Value);
        }

        ActionHead.LogSoftmax(output, mask, logProbabilities);
        entropy = ActionHead.CategoricalEntropy(logProbabilities);
        return logProbabilities[(int)action[0]];
    }

    /// <summary>dL/d(actor output) of row i: the surrogate through log π(a), and for logits the entropy bonus too.</summary>
    private void WriteOutputGradient(int i, ReadOnlySpan<float> output, ReadOnlySpan<float> action, double logProbGradient, double entropyWeight, Span<float> logStdGradient)
    {
        var gradient = outputGradient.Row(i);
        if (agent.LogStd is { } logStd)
        {
            for (int d = 0; d < gradient.Length; d++)
            {
                double variance = Math.Exp(2.0 * logStd.Value[d]);
                double diff = action[d] - output[d];
                gradient[d] = (float)(logProbGradient * diff / variance);
                logStdGradient[d] += (float)(logProbGradient * ((diff * diff / variance) - 1));
            }

            return;
        }

        double entropy = ActionHead.CategoricalEntropy(logProbabilities);
        int chosen = (int)action[0];
        for (int j = 0; j < gradient.Length; j++)
        {
            if (double.IsNegativeInfinity(logProbabilities[j]))
            {
                gradient[j] = 0;
                continue;
            }

            double p = Math.Exp(logProbabilities[j]);
            double surrogate = logProbGradient * ((j == chosen ? 1 : 0) - p);
            gradient[j] = (float)(surrogate + (entropyWeight * p * (logProbabilities[j] + entropy)));
        }
    }

    /// <summary>Writes dL/dv for row i and returns its value loss ½·max(unclipped, clipped) (or ½·unclipped).</summary>
    private double ValueTerm(int i, float value, int row)
    {
        double target = rollout.Returns[row], old = rollout.Values[row];
        double unclipped = (value - target) * (value - target);
        double weight = config.ValueCoefficient / size;
        if (!config.ClipValueLoss)
        {
            valueGradient[i, 0] = (float)(weight * (value - target));
            return 0.5 * unclipped;
        }

        double change = value - old;
        double clippedValue = old + Math.Clamp(change, -config.ClipCoefficient, config.ClipCoefficient);
        double clippedLoss = (clippedValue - target) * (clippedValue - target);
        bool inside = Math.Abs(change) < config.ClipCoefficient;
        valueGradient[i, 0] = (float)(unclipped >= clippedLoss ? weight * (value - target) : inside ? weight * (clippedValue - target) : 0);
        return 0.5 * Math.Max(unclipped, clippedLoss);
    }

    private static void Normalize(double[] values)
    {
        double mean = values.Average();
        double squares = 0;
        foreach (double v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        double std = Math.Sqrt(squares / (values.Length - 1));
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] - mean) / (std + 1e-8);
        }
    }
}
