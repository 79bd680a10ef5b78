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

        double linear = BestLinearFitTestLoss(train, test);
        Assert.True(after < before / 4, $"test mse {before} -> {after}");
        // The target's x₁x₂ and x₃² terms are invisible to an affine fit (its test mse is about 0.17).
        Assert.True(after < 0.85 * linear, $"test mse {after}, best linear fit {linear}");
    }

    /// <summary>Test MSE of the least-squares affine fit to the training set (normal equations, double precision).</summary>
    private static double BestLinearFitTestLoss(SupervisedDataset train, SupervisedDataset test)
    {
        int n = train.Inputs.Cols + 1;
        var system = new double[n, n + 1];
        for (int i = 0; i < train.Count; i++)
        {
            var x = Features(train, i);
            for (int a = 0; a < n; a++)
            {
                for (int b = 0; b < n; b++)
                {
                    system[a, b] += x[a] * x[b];
                }

                system[a, n] += x[a] * train.Targets[i, 0];
            }
        }

        var weights = Solve(system, n);
        return Enumerable.Range(0, test.Count)
            .Select(i => Features(test, i).Zip(weights, (x, w) => x * w).Sum() - test.Targets[i, 0])
            .Average(e => e * e);
    }

    private static double[] Features(SupervisedDataset data, int row) => [1, .. data.Inputs.Row(row).ToArray().Select(v => (double)v)];

    /// <summary>Gauss–Jordan elimination with partial pivoting of the augmented n × (n + 1) system.</summary>
    private static double[] Solve(double[,] system, int n)
    {
        for (int column = 0; column < n; column++)
        {
            int pivot = Enumerable.Range(column, n - column).MaxBy(r => Math.Abs(system[r, column]));
            for (int k = 0; k <= n; k++)
            {
                (system[column, k], system[pivot, k]) = (system[pivot, k], system[column, k]);
            }

            for (int r = 0; r < n; r++)
            {
                double factor = r == column ? 0 : system[r, column] / system[column, column];
                for (int k = column; k <= n; k++)
                {
                    system[r, k] -= factor * system[column, k];
                }
            }
        }

        return [.. Enumerable.Range(0, n).Select(r => system[r, n] / system[r, r])];
    }
}
