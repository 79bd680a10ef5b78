using Eggroll.Models.Rwkv;
using Eggroll.Population;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Tests.Rwkv;

namespace Eggroll.Tests.Gradients;

/// <summary>
/// <see cref="RwkvGrpoLoss"/> on the tiny RWKV-7 shape: 2 prompts × 3 completions, windows of 4 predictions whose first
/// is the prompt's and some of whose last is padding. The objective is written again here in float64 on the
/// <see cref="RwkvReference"/> forward; its central differences must match the analytic gradient of sampled entries of
/// every parameter tensor (within 2e-4 of the tensor's largest difference), with the clip active for some tokens.
/// </summary>
public sealed class RwkvGrpoGradientTests
{
    private const int Group = 3, Count = 2 * Group, Steps = 4, Window = Steps + 1;
    private const double Epsilon = 0.2;
    private static readonly RwkvConfig Config = RwkvCheckpoint.Tiny;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void GradientMatchesFiniteDifferencesOfTheClippedGroupRelativeObjective(double beta)
    {
        var random = new Random(23);
        var stateDict = RwkvCheckpoint.Random(Config, 9);
        var weights = RwkvReference.Weights(stateDict);
        var policy = RwkvModel.FromStateDict(stateDict);
        var reference = RwkvModel.FromStateDict(RwkvCheckpoint.Random(Config, 10));
        var sequences = new int[Count * Window];
        for (int s = 0; s < Count; s++)
        {
            int prompt = s / Group;
            sequences[s * Window] = 3 + prompt;
            sequences[(s * Window) + 1] = 7 + prompt;
            for (int t = 2; t < Window; t++)
            {
                sequences[(s * Window) + t] = random.Next(Config.Vocabulary);
            }
        }

        // Predicted position t has target t + 1: the prompt's second token is not generated; two completions are a token short.
        var generated = Enumerable.Range(0, Count * Steps).Select(i => i % Steps >= 1 && !(i % Steps == Steps - 1 && i / Steps % 4 == 1)).ToArray();
        var current = new float[Count * Steps];
        RwkvSequenceScorer.LogProbs(policy, sequences, Steps, ForwardContext.Unperturbed(Count), current);
        var old = current.Select(l => l + (float)((random.NextDouble() * 0.8) - 0.4)).ToArray();
        var referenceLogProbs = new float[Count * Steps];
        RwkvSequenceScorer.LogProbs(reference, sequences, Steps, ForwardContext.Unperturbed(Count), referenceLogProbs);
        var rewards = Enumerable.Range(0, Count).Select(_ => (float)random.NextDouble()).ToArray();
        var grpo = new RwkvGrpoLoss(policy, new GrpoOptions { ClipEpsilon = Epsilon, KlCoefficient = beta });

        double loss = grpo.LossAndGradients(sequences, Steps, generated, old, referenceLogProbs, rewards, Group);

        double Objective(IReadOnlyDictionary<string, double[]> w)
        {
            double total = 0;
            for (int s = 0; s < Count; s++)
            {
                var group = rewards.Skip(s / Group * Group).Take(Group).Select(r => (double)r).ToArray();
                double mean = group.Average();
                double advantage = (rewards[s] - mean) / (Math.Sqrt(group.Sum(r => (r - mean) * (r - mean)) / Group) + 1e-4);
                var model = new RwkvReference(Config, w);
                double sum = 0;
                int tokens = 0;
                for (int t = 0; t < Steps; t++)
                {
                    var logits = model.Step(sequences[(s * Window) + t]);
                    int row = (s * Steps) + t;
                    if (!generated[row])
                    {
                        continue;
                    }

                    double max = logits.Max();
                    double logProb = logits[sequences[(s * Window) + t + 1]] - max - Math.Log(logits.Sum(z => Math.Exp(z - max)));
                    double ratio = Math.Exp(logProb - old[row]);
                    double gap = referenceLogProbs[row] - logProb;
                    sum += Math.Min(ratio * advantage, Math.Clamp(ratio, 1 - Epsilon, 1 + Epsilon) * advantage) - (beta * (Math.Exp(gap) - gap - 1));
                    tokens++;
                }

                total += sum / tokens;
            }

            return -total / Count;
        }

        Assert.Equal(Objective(weights), loss, 1e-5);
        var ratios = current.Zip(old, (c, o) => Math.Exp(c - o)).Where((_, i) => generated[i]).ToArray();
        Assert.Contains(ratios, r => r > 1 + Epsilon);
        Assert.Contains(ratios, r => r < 1 - Epsilon);
        foreach (var tensor in policy.Tensors)
        {
            RwkvTensorCheck.Matches(tensor, grpo.Backprop.Gradients, weights, Objective, RwkvTensorCheck.Entries(weights[tensor.Key].Length, 2, random));
        }
    }
}
