using Eggroll.Cli.Config;
using Eggroll.Models;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;

namespace Eggroll.Cli;

/// <summary>The model, data and objective a <see cref="RunConfig"/> describes, built deterministically from its seed.</summary>
internal sealed class SupervisedRun
{
    private SupervisedRun(RunConfig config)
    {
        Config = config;
        (Train, Test) = SyntheticData.Create(config.Task.Name, config.Task.TrainExamples, config.Task.TestExamples, config.Training.Seed);
        int[] sizes = [Train.Inputs.Cols, .. config.Model.Hidden, Train.OutputSize];
        Model = new Model(Mlp.Create(sizes, config.Model.Activation, (int)(config.Training.Seed % int.MaxValue)));
        Objective = new SupervisedObjective(Model, Train, config.Task.RowsPerMember);
        TrainerOptions = new TrainerOptions { Seed = config.Training.Seed, Evolution = config.Evolution, Optimizer = config.Optimizer };
    }

    /// <summary>The run kind written to checkpoints.</summary>
    public const string Kind = "supervised";

    public RunConfig Config { get; }

    public SupervisedDataset Train { get; }

    public SupervisedDataset Test { get; }

    public Model Model { get; }

    public SupervisedObjective Objective { get; }

    public TrainerOptions TrainerOptions { get; }

    public static SupervisedRun Create(RunConfig config) => new(config);

    /// <summary>A one-line summary of the model's loss (and accuracy) on the test set.</summary>
    public string DescribeTestResult()
    {
        var (loss, accuracy) = SupervisedEvaluation.Evaluate(Model, Test);
        string name = Test.Loss == SupervisedLoss.MeanSquaredError ? "mse" : "cross-entropy";
        return double.IsNaN(accuracy) ? $"test {name} {loss:F5}" : $"test {name} {loss:F5}, accuracy {accuracy:P1}";
    }
}
