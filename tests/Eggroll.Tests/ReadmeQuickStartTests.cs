using Eggroll.Models;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tests;

/// <summary>The README's quick-start sample, kept compiling and working.</summary>
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public void QuickStartTrainsAndImproves()
    {
        // --- README quick start (keep in sync) ---
        var (train, test) = SyntheticData.Create(SyntheticTask.Regression, trainCount: 2048, testCount: 512, seed: 1);
        var model = new Model(Mlp.Create([4, 32, 32, 1], ActivationKind.Tanh, seed: 1));
        var trainer = new Trainer(model, new SupervisedObjective(model, train, rowsPerMember: 16), new TrainerOptions
        {
            Seed = 1,
            Evolution = new EvolutionConfig { Strategy = StrategyKind.Eggroll, Rank = 1, Population = 128, Sigma = 0.05f },
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = 0.01f },
        });
        double before = SupervisedEvaluation.Evaluate(model, test).Loss;
        for (int epoch = 0; epoch < 200; epoch++)
        {
            trainer.RunEpoch();
        }

        double after = SupervisedEvaluation.Evaluate(model, test).Loss;
        // --- end of quick start ---

        Assert.True(after < before / 4, $"test mse {before} -> {after}");
    }
}
