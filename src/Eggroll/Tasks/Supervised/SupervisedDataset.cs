using Eggroll.Numerics;

namespace Eggroll.Tasks.Supervised;

/// <summary>Inputs and targets, one example per row.</summary>
public sealed class SupervisedDataset
{
    /// <summary>
    /// Creates the dataset. For <see cref="SupervisedLoss.CrossEntropy"/> targets have one
    /// column holding class indices in [0, <paramref name="classCount"/>).
    /// </summary>
    public SupervisedDataset(Matrix inputs, Matrix targets, SupervisedLoss loss, int classCount = 0)
    {
        if (inputs.Rows != targets.Rows || inputs.Rows == 0)
        {
            throw new ArgumentException($"Inputs ({inputs.Rows} rows) and targets ({targets.Rows} rows) must have the same, non-zero number of rows.", nameof(targets));
        }

        if (loss == SupervisedLoss.CrossEntropy)
        {
            if (targets.Cols != 1 || classCount < 2)
            {
                throw new ArgumentException("Classification targets need one column and at least two classes.", nameof(targets));
            }

            for (int i = 0; i < targets.Rows; i++)
            {
                float label = targets[i, 0];
                if (label < 0 || label >= classCount || label != MathF.Floor(label))
                {
                    throw new ArgumentException($"Target row {i} holds {label}, not a class index in [0, {classCount}).", nameof(targets));
                }
            }
        }

        Inputs = inputs;
        Targets = targets;
        Loss = loss;
        ClassCount = classCount;
    }

    /// <summary>Input rows.</summary>
    public Matrix Inputs { get; }

    /// <summary>Target rows (class index for classification).</summary>
    public Matrix Targets { get; }

    /// <summary>The loss to minimise.</summary>
    public SupervisedLoss Loss { get; }

    /// <summary>Number of classes (0 for regression).</summary>
    public int ClassCount { get; }

    /// <summary>Number of examples.</summary>
    public int Count => Inputs.Rows;

    /// <summary>Width of the model output this dataset needs.</summary>
    public int OutputSize => Loss == SupervisedLoss.CrossEntropy ? ClassCount : Targets.Cols;
}
