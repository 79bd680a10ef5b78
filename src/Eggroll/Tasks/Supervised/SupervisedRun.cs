using Eggroll.Models;
using Eggroll.Training;

namespace Eggroll.Tasks.Supervised;

/// <summary>The model, data and objective a <see cref="SupervisedRunConfig"/> describes, built deterministically from its seed.</summary>
public sealed class SupervisedRun
{
    private SupervisedRun(SupervisedRunConfig config)
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

    /// <summary>The config the run was built from.</summary>
    public SupervisedRunConfig Config { get; }

    /// <summary>The task's training examples.</summary>
    public SupervisedDataset Train { get; }

    /// <summary>The task's test examples.</summary>
    public SupervisedDataset Test { get; }

    /// <summary>The MLP being trained.</summary>
    public Model Model { get; }

    /// <summary>The fitness: minus the mean loss on <c>task.rowsPerMember</c> training examples drawn each epoch.</summary>
    public SupervisedObjective Objective { get; }

    /// <summary>Seed, evolution and optimiser settings for a <see cref="Trainer"/> of <see cref="Model"/>.</summary>
    public TrainerOptions TrainerOptions { get; }

    /// <summary>Builds the run <paramref name="config"/> describes (validate it first, e.g. with <see cref="ConfigLoader"/>).</summary>
    public static SupervisedRun Create(SupervisedRunConfig config) => new(config);

    /// <summary>A trainer of the model on the objective, whose checkpoints are of kind <see cref="Kind"/>.</summary>
    public Trainer CreateTrainer() => new(Model, Objective, TrainerOptions) { Kind = Kind };

    /// <summary>A one-line summary of the model's loss (and accuracy) on the test set.</summary>
    public string DescribeTestResult()
    {
        var (loss, accuracy) = SupervisedEvaluation.Evaluate(Model, Test);
        string name = Test.Loss == SupervisedLoss.MeanSquaredError ? "mse" : "cross-entropy";
        return double.IsNaN(accuracy) ? $"test {name} {loss:F5}" : $"test {name} {loss:F5}, accuracy {accuracy:P1}";
    }
}
