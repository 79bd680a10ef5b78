using Eggroll.Models;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Rl.Ppo;
using Eggroll.Tests.Gradients;
using ReferenceForward = Eggroll.Tests.Gradients.Reference;

namespace Eggroll.Tests.Rl.Ppo;

/// <summary>
/// The whole PPO loss of the Gaussian head (clipped surrogate, entropy bonus, clipped value loss) differentiated by
/// <see cref="PpoUpdate"/>, against central finite differences of the loss written out here in float64.
/// </summary>
public sealed class PpoLossGradientTests
{
    private const int Rows = 12;
    private const int ActionSize = 2;
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    [Fact]
    public void TheGaussianPpoLossGradientMatchesFiniteDifferencesForActorLogStdAndCritic()
    {
        var config = new PpoConfig { Envs = 1, Steps = Rows, Minibatches = 1, EntropyCoefficient = 0.3f, ValueCoefficient = 0.7f, ClipCoefficient = 0.2f };
        var agent = new PpoAgent(3, new BoxSpace([-2f, -2f], [2f, 2f]), [5, 4], ActivationKind.Tanh, initialLogStd: 0f, seed: 7);
        var random = new Random(5);
        foreach (var entry in agent.Parameters.Entries)
        {
            GradientCheck.Random(random, entry.Parameter.Count, scale: 0.6).CopyTo(entry.Parameter.Value, 0);
        }

        var rollout = new PpoRollout(config, agent, new PpoEnvironments(() => new Pendulum(), 1, seed: 7), normalizer: null);
        GradientCheck.Random(random, Rows * 3, scale: 2).CopyTo(rollout.Observations.Values);
        GradientCheck.Random(random, Rows * ActionSize, scale: 2).CopyTo(rollout.Actions, 0);
        GradientCheck.Random(random, Rows, scale: 3).CopyTo(rollout.Advantages, 0);
        GradientCheck.Random(random, Rows, scale: 2).CopyTo(rollout.Returns, 0);
        var point = agent.Parameters.Entries.Select(e => GradientCheck.Widen(e.Parameter.Value)).ToArray();
        var loss = new ReferenceLoss(agent, config, rollout);
        var (logProbs, values) = loss.Forward(point);
        for (int i = 0; i < Rows; i++)
        {
            // Old log-probabilities and values away from the current ones: ratios on both sides of 1 ± ε, value changes inside and outside ±ε.
            rollout.LogProbs[i] = (float)(logProbs[i] - (0.9 * ((i % 4) - 1.5) / 1.5));
            rollout.Values[i] = (float)(values[i] - (0.5 * ((i % 3) - 1) * (1 + (0.1 * i))));
        }

        new PpoUpdate(config, agent, rollout).Differentiate([.. Enumerable.Range(0, Rows)], new double[5]);

        Assert.Contains(logProbs.Select((l, i) => Math.Exp(l - rollout.LogProbs[i])), r => r > 1.2);
        Assert.Contains(logProbs.Select((l, i) => Math.Exp(l - rollout.LogProbs[i])), r => r < 0.8);
        var names = agent.Parameters.Entries.Select(e => e.Name).ToArray();
        for (int p = 0; p < point.Length; p++)
        {
            int index = p;
            Assert.True(agent.Gradients[p].Max(Math.Abs) > 1e-2, $"{names[p]}: the gradient should not be negligible");
            GradientCheck.Matches(names[p], point[p], v => loss.Value(Replace(point, index, v)), agent.Gradients[p]);
        }
    }

    [Fact]
    public void GaussianLogProbAndEntropyMatchHandValues()
    {
        float[] action = [1f, -0.5f], mean = [0.5f, 0f], logStd = [0f, (float)Math.Log(0.5)];

        // Dimension 0: σ = 1, z = 0.5; dimension 1: σ = 0.5, z = −1.
        double expected = (-0.125 - 0 - HalfLogTwoPi) + (-0.5 - Math.Log(0.5) - HalfLogTwoPi);
        Assert.Equal(expected, ActionHead.GaussianLogProb(action, mean, logStd), 6);
        Assert.Equal(-1.76973, ActionHead.GaussianLogProb(action, mean, logStd), 5);
        Assert.Equal(0 + Math.Log(0.5) + (2 * 0.5 * Math.Log(2 * Math.PI * Math.E)), ActionHead.GaussianEntropy(logStd), 6);
        Assert.Equal(2.14473, ActionHead.GaussianEntropy(logStd), 5);
    }

    [Fact]
    public void TheRolloutKeepsTheUnclippedSampleForItsLogProbAndGivesTheEnvironmentTheClippedOne()
    {
        var config = new PpoConfig { Envs = 1, Steps = 64, Minibatches = 1 };
        var agent = new PpoAgent(3, new Pendulum().ActionSpace, [8], ActivationKind.Tanh, initialLogStd: 1.5f, seed: 3);
        var environments = new PpoEnvironments(() => new Pendulum(), 1, seed: 3);
        var rollout = new PpoRollout(config, agent, environments, normalizer: null);

        rollout.Collect(3, 1, (_, result, _) => (float)result.Reward);

        Assert.Contains(rollout.Actions, a => Math.Abs(a) > 2.5f);
        var means = agent.Actor.Forward(rollout.Observations);
        for (int t = 0; t < config.Steps; t++)
        {
            float action = rollout.Actions[t];
            Assert.Equal(Math.Clamp(action, -2f, 2f), environments.ActionHistory[t]);
            double sigma = Math.Exp(1.5);
            double z = (action - means[t, 0]) / sigma;
            Assert.Equal(-(0.5 * z * z) - 1.5 - HalfLogTwoPi, rollout.LogProbs[t], 4);
        }
    }

    private static double[][] Replace(double[][] values, int index, double[] replacement)
    {
        var copy = (double[][])values.Clone();
        copy[index] = replacement;
        return copy;
    }

    /// <summary>CleanRL's loss, written out in float64 from the rollout's stored numbers.</summary>
    private sealed class ReferenceLoss(PpoAgent agent, PpoConfig config, PpoRollout rollout)
    {
        private readonly int actorCount = agent.Actor.Network.NamedParameters().Count();
        private readonly double[] observations = GradientCheck.Widen(rollout.Observations.Values);
        private readonly double[] advantages = Normalized(GradientCheck.Widen(rollout.Advantages));

        public (double[] LogProbs, double[] Values) Forward(double[][] parameters)
        {
            var means = ReferenceForward.Network(agent.Actor.Network, Rows, observations, parameters[..actorCount], Tanh);
            var logStd = parameters[actorCount];
            var values = ReferenceForward.Network(agent.Critic.Network, Rows, observations, parameters[(actorCount + 1)..], Tanh);
            var logProbs = new double[Rows];
            for (int i = 0; i < Rows; i++)
            {
                for (int d = 0; d < ActionSize; d++)
                {
                    double sigma = Math.Exp(logStd[d]);
                    double diff = rollout.Actions[(i * ActionSize) + d] - means[(i * ActionSize) + d];
                    logProbs[i] += (-(diff * diff) / (2 * sigma * sigma)) - Math.Log(sigma) - HalfLogTwoPi;
                }
            }

            return (logProbs, values);
        }

        public double Value(double[][] parameters)
        {
            var (logProbs, values) = Forward(parameters);
            double clip = config.ClipCoefficient, policy = 0, value = 0;
            for (int i = 0; i < Rows; i++)
            {
                double ratio = Math.Exp(logProbs[i] - rollout.LogProbs[i]);
                policy += Math.Max(-advantages[i] * ratio, -advantages[i] * Math.Clamp(ratio, 1 - clip, 1 + clip)) / Rows;
                double old = rollout.Values[i], target = rollout.Returns[i];
                double clipped = old + Math.Clamp(values[i] - old, -clip, clip);
                value += 0.5 * Math.Max(Math.Pow(values[i] - target, 2), Math.Pow(clipped - target, 2)) / Rows;
            }

            double entropy = parameters[actorCount].Sum(s => s + (0.5 * Math.Log(2 * Math.PI * Math.E)));
            return policy - (config.EntropyCoefficient * entropy) + (config.ValueCoefficient * value);
        }

        private static double[] Normalized(double[] a)
        {
            double mean = a.Average();
            double std = Math.Sqrt(a.Sum(v => (v - mean) * (v - mean)) / (a.Length - 1));
            return [.. a.Select(v => (v - mean) / (std + 1e-8))];
        }

        private static double[] Tanh(double[] x) => ReferenceForward.Activate(ActivationKind.Tanh, x);
    }
}
