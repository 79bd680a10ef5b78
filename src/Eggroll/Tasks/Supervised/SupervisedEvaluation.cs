using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Tasks.Supervised;

/// <summary>Loss (and accuracy, for classification) of the unperturbed model on a dataset.</summary>
public static class SupervisedEvaluation
{
    private const int ChunkRows = 4096;

    /// <summary>Mean loss over every example, and the fraction classified correctly (NaN for regression).</summary>
    public static (double Loss, double Accuracy) Evaluate(Model model, SupervisedDataset data)
    {
        double loss = 0;
        int correct = 0, width = data.Inputs.Cols;
        for (int start = 0; start < data.Count; start += ChunkRows)
        {
            int rows = Math.Min(ChunkRows, data.Count - start);
            var chunk = new Matrix(rows, width, data.Inputs.Data.AsSpan(start * width, rows * width).ToArray());
            var output = model.Forward(chunk, ForwardContext.Unperturbed(rows));
            for (int i = 0; i < rows; i++)
            {
                var target = data.Targets.Row(start + i);
                loss += SupervisedLossFunctions.RowLoss(data.Loss, output.Row(i), target);
                if (data.Loss == SupervisedLoss.CrossEntropy && SupervisedLossFunctions.IsCorrect(output.Row(i), target))
                {
                    correct++;
                }
            }
        }

        double accuracy = data.Loss == SupervisedLoss.CrossEntropy ? (double)correct / data.Count : double.NaN;
        return (loss / data.Count, accuracy);
    }
}
