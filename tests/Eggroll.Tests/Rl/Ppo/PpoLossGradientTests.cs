using Eggroll.Models;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Rl.Environments.Jumanji;
using Eggroll.Tasks.Rl.Ppo;
using Eggroll.Tests.Gradients;
using ReferenceForward = Eggroll.Tests.Gradients.Reference;

namespace Eggroll.Tests.Rl.Ppo;

/// <summary>
/// The whole PPO loss of the Gaussian head and of the categorical head, with and without a valid-action mask
/// (clipped surrogate, entropy bonus, clipped value loss) differentiated by <see cref="PpoUpdate"/>, against central
/// finite differences of the loss written out here in float64.
/// </summary>
public sealed class PpoLossGradientTests
{
    private const int Rows = 12;
    private const int ActionSize = 2;
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);
    private static readonly PpoConfig Config = new() { Envs = 1, Steps = Rows, Minibatches = 1, EntropyCoefficient = 0.3f, ValueCoefficient = 0.7f, ClipCoefficient = 0.2f };

    [Fact]
    public void TheGaussianPpoLossGradientMatchesFiniteDifferencesForActorLogStdAndCritic()
    {
        var agent = new PpoAgent(3, new BoxSpace([-2f, -2f], [2f, 2f]), [5, 4], ActivationKind.Tanh, initialLogStd: 0f, seed: 7);
        var random = new Random(5);
        var rollout = RandomRollout(agent, () => new Pendulum(), random, maskActions: false);
        GradientCheck.Random(random, Rows * ActionSize, scale: 2).CopyTo(rollout.Actions, 0);

        CheckGradients(agent, rollout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheCategoricalPpoLossGradientMatchesFiniteDifferencesWithAndWithoutAMask(bool maskActions)
    {
        var env = new Game2048();
        var agent = new PpoAgent(env.ObservationSpace.Size, env.ActionSpace, [5, 4], ActivationKind.Tanh, initialLogStd: 0f, seed: 7);
        var random = new Random(6);
        var rollout = RandomRollout(agent, () => new Game2048(), random, maskActions);
        Assert.Equal(maskActions ? Rows * 4 : 0, rollout.Masks.Length);
        for (int i = 0; i < Rows; i++)
        {
            // Every row allows its chosen action; the others allow one to four actions, so some rows have a single valid action (probability 1, ratio 1).
            int action = i % 4;
            rollout.Actions[i] = action;
            for (int j = 0; j < 4 && maskActions; j++)
            {
                rollout.Masks[(i * 4) + j] = j == action || random.Next(i % 3) > 0 ? 1f : 0f;
            }
        }

        Assert.True(!maskActions || rollout.Masks.Contains(0f));
        CheckGradients(agent, rollout);
    }

    /// <summary>A rollout with random parameters, observations, advantages and returns (the actions and masks are the caller's).</summary>
    private static PpoRollout RandomRollout(PpoAgent agent, Func<IEnvironment> factory, Random random, bool maskActions)
    {
        foreach (var entry in agent.Parameters.Entries)
        {
            GradientCheck.Random(random, entry.Parameter.Count, scale: 0.6).CopyTo(entry.Parameter.Value, 0);
        }

        var rollout = new PpoRollout(Config, agent, new PpoEnvironments(factory, 1, seed: 7), normalizer: null, maskActions);
        GradientCheck.Random(random, rollout.Observations.Values.Length, scale: 2).CopyTo(rollout.Observations.Values);
        GradientCheck.Random(random, Rows, scale: 3).CopyTo(rollout.Advantages, 0);
        GradientCheck.Random(random, Rows, scale: 2).CopyTo(rollout.Returns, 0);
        return rollout;
    }

    private static void CheckGradients(PpoAgent agent, PpoRollout rollout)
    {
        var point = agent.Parameters.Entries.Select(e => GradientCheck.Widen(e.Parameter.Value)).ToArray();
        var loss = new ReferenceLoss(agent, Config, rollout);
        var (logProbs, values) = loss.Forward(point);
        for (int i = 0; i < Rows; i++)
        {
            // Old log-probabilities and values away from the current ones: ratios on both sides of 1 ± ε, value changes inside and outside ±ε.
            rollout.LogProbs[i] = (float)(logProbs[i] - (0.9 * ((i % 4) - 1.5) / 1.5));
            rollout.Values[i] = (float)(values[i] - (0.5 * ((i % 3) - 1) * (1 + (0.1 * i))));
        }

        new PpoUpdate(Config, agent, rollout).Differentiate([.. Enumerable.Range(0, Rows)], new double[5]);

        Assert.Contains(logProbs.Select((l, i) => Math.Exp(l - rollout.LogProbs[i])), r => r > 1.2);
        Assert.Contains(logProbs.Select((l, i) => Math.Exp(l - rollout.LogProbs[i])), r => r < 0.8);
        var names = agent.Parameters.Entries.Select(e => e.Name).ToArray();
        Assert.All(agent.Gradients, g => Assert.All(g, v => Assert.True(float.IsFinite(v))));
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

    [Fact]
    public void AMaskedRolloutSamplesOnlyValidActionsWithTheirProbabilityAmongTheValidOnes()
    {
        var config = new PpoConfig { Envs = 2, Steps = 64, Minibatches = 1 };
        var env = new Knapsack();
        var agent = new PpoAgent(env.ObservationSpace.Size, env.ActionSpace, [8], ActivationKind.Tanh, initialLogStd: 0f, seed: 3);
        var rollout = new PpoRollout(config, agent, new PpoEnvironments(() => new Knapsack(), 2, seed: 3), normalizer: null);

        rollout.Collect(3, 1, (_, result, _) => (float)result.Reward);

        var logits = agent.Actor.Forward(rollout.Observations);
        const int Fits = 3 * Knapsack.Items;
        for (int row = 0; row < config.BatchSize; row++)
        {
            var fits = rollout.Observations.Row(row).Slice(Fits, Knapsack.Items).ToArray();
            int action = (int)rollout.Actions[row];
            Assert.Equal(fits, rollout.Mask(row).ToArray());
            Assert.Equal(1f, fits[action]);
            double validSum = Enumerable.Range(0, Knapsack.Items).Where(j => fits[j] == 1f).Sum(j => Math.Exp(logits[row, j]));
            Assert.Equal(logits[row, action] - Math.Log(validSum), rollout.LogProbs[row], 4);
        }

        Assert.Contains(rollout.Masks, v => v == 0f);
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

        private readonly bool gaussian = agent.LogStd is not null;

        public (double[] LogProbs, double[] Values) Forward(double[][] parameters) => Forward(parameters, out _);

        public double Value(double[][] parameters)
        {
            var (logProbs, values) = Forward(parameters, out double entropy);
            double clip = config.ClipCoefficient, policy = 0, value = 0;
            for (int i = 0; i < Rows; i++)
            {
                double ratio = Math.Exp(logProbs[i] - rollout.LogProbs[i]);
                policy += Math.Max(-advantages[i] * ratio, -advantages[i] * Math.Clamp(ratio, 1 - clip, 1 + clip)) / Rows;
                double old = rollout.Values[i], target = rollout.Returns[i];
                double clipped = old + Math.Clamp(values[i] - old, -clip, clip);
                value += 0.5 * Math.Max(Math.Pow(values[i] - target, 2), Math.Pow(clipped - target, 2)) / Rows;
            }

            return policy - (config.EntropyCoefficient * entropy) + (config.ValueCoefficient * value);
        }

        /// <summary>Log-probabilities of the rollout's actions, the critic's values and the mean entropy over rows.</summary>
        private (double[] LogProbs, double[] Values) Forward(double[][] parameters, out double entropy)
        {
            var outputs = ReferenceForward.Network(agent.Actor.Network, Rows, observations, parameters[..actorCount], Tanh);
            var values = ReferenceForward.Network(agent.Critic.Network, Rows, observations, parameters[(gaussian ? actorCount + 1 : actorCount)..], Tanh);
            var logProbs = new double[Rows];
            if (gaussian)
            {
                var logStd = parameters[actorCount];
                for (int i = 0; i < Rows; i++)
                {
                    for (int d = 0; d < ActionSize; d++)
                    {
                        double sigma = Math.Exp(logStd[d]);
                        double diff = rollout.Actions[(i * ActionSize) + d] - outputs[(i * ActionSize) + d];
                        logProbs[i] += (-(diff * diff) / (2 * sigma * sigma)) - Math.Log(sigma) - HalfLogTwoPi;
                    }
                }

                entropy = logStd.Sum(s => s + (0.5 * Math.Log(2 * Math.PI * Math.E)));
                return (logProbs, values);
            }

            int n = outputs.Length / Rows;
            entropy = 0;
            for (int i = 0; i < Rows; i++)
            {
                var valid = Enumerable.Range(0, n).Where(j => rollout.Masks.Length == 0 || rollout.Masks[(i * n) + j] > 0).ToArray();
                double logSum = Math.Log(valid.Sum(j => Math.Exp(outputs[(i * n) + j])));
                logProbs[i] = outputs[(i * n) + (int)rollout.Actions[i]] - logSum;
                entropy -= valid.Sum(j => Math.Exp(outputs[(i * n) + j] - logSum) * (outputs[(i * n) + j] - logSum)) / Rows;
            }

            return (logProbs, values);
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
