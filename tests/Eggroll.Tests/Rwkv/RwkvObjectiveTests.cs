using Eggroll.Models.Rwkv;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Training;

namespace Eggroll.Tests.Rwkv;

/// <summary>The teacher-forced scorer against stepping by hand, and ES fine-tuning raising a target's log-probability.</summary>
public sealed class RwkvObjectiveTests
{
    [Fact]
    public void Teacher_forced_log_probs_equal_stepping_the_model_and_a_double_log_softmax()
    {
        var model = RwkvModel.FromStateDict(RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 5));
        int[] sequence = [1, 7, 30, 2, 2, 19, 0, 8];
        var logProbs = new float[sequence.Length - 1];
        RwkvSequenceScorer.LogProbs(model, sequence, logProbs.Length, ForwardContext.Unperturbed(1), logProbs);

        var state = new RwkvState(model.Config, 1);
        for (int t = 0; t < logProbs.Length; t++)
        {
            var logits = model.Step([sequence[t]], state, ForwardContext.Unperturbed(1)).Row(0).ToArray();
            double logSum = Math.Log(logits.Sum(x => Math.Exp(x)));
            Assert.Equal(logits[sequence[t + 1]] - logSum, logProbs[t], 1e-5);
        }
    }

    [Fact]
    public void Es_fine_tuning_raises_the_log_probability_of_the_target()
    {
        var config = new RwkvConfig(Layers: 1, Width: 16, HeadSize: 8, DecayRank: 4, AdaptRank: 4, ValueRank: 0, GateRank: 4, FfnWidth: 32, Vocabulary: 16);
        var model = RwkvModel.Create(config, 2, new RwkvEvolution(Vectors: false, Embedding: true, Head: true));
        FineTuningExample[] examples = [new([1, 2, 3], [4, 5]), new([6, 7], [8])];
        var objective = new RwkvFineTuningObjective(model, examples, 2);
        var options = new TrainerOptions
        {
            Seed = 3,
            Evolution = new EvolutionConfig { Population = 32, Sigma = 0.05f },
            Optimizer = new Eggroll.Training.Optimizers.OptimizerConfig { LearningRate = 0.05f },
        };
        var trainer = new Trainer(RwkvLmJob.TrainableModel(model), objective, options);

        double before = TargetLogProb(model, examples);
        for (int epoch = 0; epoch < 30; epoch++)
        {
            trainer.Step();
        }

        Assert.True(TargetLogProb(model, examples) > before + 0.5, $"mean target log-prob {before} → {TargetLogProb(model, examples)}");
    }

    private static double TargetLogProb(RwkvModel model, FineTuningExample[] examples) => examples.Average(e =>
    {
        int[] sequence = [.. e.Prompt, .. e.Target];
        var logProbs = new float[sequence.Length - 1];
        RwkvSequenceScorer.LogProbs(model, sequence, logProbs.Length, ForwardContext.Unperturbed(1), logProbs);
        return logProbs[(e.Prompt.Length - 1)..].Average();
    });
}
