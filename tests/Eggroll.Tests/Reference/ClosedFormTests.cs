using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Language;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Supervised;

namespace Eggroll.Tests.Reference;

/// <summary>Small behaviours checked against values worked out by hand (literal fractions, not the library's formulas).</summary>
public sealed class ClosedFormTests
{
    [Fact]
    public void Cross_entropy_and_accuracy_of_a_hand_set_classifier_match_the_softmax_by_hand()
    {
        // One linear layer 2 → 3 with W = [[1,0],[0,1],[1,1]], b = 0: x = (1,0) gives logits (1,0,1), x = (0,2) gives (0,2,2).
        var model = new Model(Mlp.Create([2, 3], ActivationKind.Tanh, seed: 1));
        float[] weight = [1, 0, 0, 1, 1, 1];
        weight.CopyTo(model.Parameters[0].Parameter.Value, 0);
        Array.Clear(model.Parameters[1].Parameter.Value);
        var data = new SupervisedDataset(new Matrix(2, 2, [1, 0, 0, 2]), new Matrix(2, 1, [0, 1]), SupervisedLoss.CrossEntropy, classCount: 3);

        var (loss, accuracy) = SupervisedEvaluation.Evaluate(model, data);

        double first = Math.Log(Math.E + 1 + Math.E) - 1;        // class 0 of logits (1, 0, 1); argmax ties → class 0: correct
        double second = Math.Log(1 + (2 * Math.Exp(2))) - 2;      // class 1 of logits (0, 2, 2); argmax ties → class 1: correct
        Assert.Equal((first + second) / 2, loss, 5);
        Assert.Equal(1.0, accuracy);

        var wrong = new SupervisedDataset(new Matrix(2, 2, [1, 0, 0, 2]), new Matrix(2, 1, [1, 2]), SupervisedLoss.CrossEntropy, classCount: 3);
        Assert.Equal(0.0, SupervisedEvaluation.Evaluate(model, wrong).Accuracy);
    }

    [Fact]
    public void The_rings_task_is_a_balanced_three_class_problem_with_class_given_by_the_radius()
    {
        var (train, _) = SyntheticData.Create(SyntheticTask.Rings, 3000, 10, seed: 2);

        Assert.Equal(SupervisedLoss.CrossEntropy, train.Loss);
        var classes = Enumerable.Range(0, train.Count).Select(i => (int)train.Targets[i, 0]).ToList();
        Assert.Equal(Enumerable.Range(0, train.ClassCount), classes.Distinct().Order());
        Assert.All(Enumerable.Range(0, train.ClassCount), c => Assert.InRange(classes.Count(k => k == c), 3000 / train.ClassCount / 2, 3000));
        var meanRadius = Enumerable.Range(0, train.ClassCount)
            .Select(c => Enumerable.Range(0, train.Count).Where(i => classes[i] == c).Average(i => Math.Sqrt((train.Inputs[i, 0] * train.Inputs[i, 0]) + (train.Inputs[i, 1] * train.Inputs[i, 1]))))
            .ToList();
        Assert.Equal(meanRadius.Order(), meanRadius); // class k lies on a larger ring than class k − 1
    }

    [Fact]
    public void Unigram_and_bigram_bits_of_a_three_byte_corpus_are_the_smoothed_counts()
    {
        var baselines = new LanguageBaselines("aab"u8);

        // Add-one unigram over 256 bytes: p(a) = 3/259, p(b) = 2/259. Bigram with β = 1 towards it: p(b | a) = (1 + 2/259) / 3,
        // p(a | b) = (0 + 3/259) / 1 (b was never a context).
        Assert.Equal((-Math.Log2(3.0 / 259) - Math.Log2(2.0 / 259)) / 2, baselines.UnigramBits("ab"u8), 12);
        Assert.Equal((-Math.Log2(3.0 / 259) - Math.Log2((1 + (2.0 / 259)) / 3)) / 2, baselines.BigramBits("ab"u8), 12);
        Assert.Equal((-Math.Log2(2.0 / 259) - Math.Log2(3.0 / 259)) / 2, baselines.BigramBits("ba"u8), 12);
    }

    [Fact]
    public void Alpha_decays_as_the_papers_schedule()
    {
        var options = new Int8UpdateOptions { Alpha = 1, AlphaDecay = 0.015 };

        Assert.Equal(1.0, options.AlphaAt(0));
        Assert.Equal(0.4, options.AlphaAt(100), 12);   // 1 / (0.015 · 100 + 1)
        Assert.Equal(0.1, options.AlphaAt(600), 12);   // 1 / (0.015 · 600 + 1)
        Assert.Equal(0.25, new Int8UpdateOptions { Alpha = 0.5, AlphaDecay = 0.01 }.AlphaAt(100), 12); // 0.5 / (0.01 · 100 + 1)
    }

    [Theory]
    [InlineData(0f, 0f, 0)]
    [InlineData(1f, 1f, 0)]
    [InlineData(0f, 1f, 1)]
    [InlineData(1f, 0f, 0)]
    public void A_discrete_policy_takes_the_argmax_and_the_lowest_index_on_ties(float left, float right, int expected)
    {
        var policy = Policy.CreateMlp(new CartPole(), [], ActivationKind.Tanh, seed: 1, ActionSquash.Tanh, normalizeObservations: false);
        foreach (var entry in policy.Model.Parameters.Entries)
        {
            Array.Clear(entry.Parameter.Value);
        }

        float[] bias = [left, right];
        bias.CopyTo(policy.Model.Parameters.Entries.Last().Parameter.Value, 0);
        var actions = new Matrix(1, 1);

        policy.Act(new Matrix(1, 4, [0.1f, -0.2f, 0.03f, 0.4f]), ForwardContext.Unperturbed(1), actions);

        Assert.Equal(expected, actions[0, 0]);
    }
}
