using System.Globalization;
using Eggroll.Models;
using Eggroll.Training;

namespace Eggroll.Tasks.Supervised;

/// <summary>Validation of a supervised model: its loss (and, for classification, accuracy) on a held-out set.</summary>
/// <param name="Model">The model being trained.</param>
/// <param name="Test">The held-out set.</param>
public sealed record SupervisedValidation(Model Model, SupervisedDataset Test) : IValidation
{
    /// <inheritdoc />
    public ValidationReport Validate()
    {
        var (loss, accuracy) = SupervisedEvaluation.Evaluate(Model, Test);
        if (double.IsNaN(accuracy))
        {
            return new ValidationReport([new("testLoss", loss)], string.Create(CultureInfo.InvariantCulture, $"test loss {loss:G5}"));
        }

        return new ValidationReport([new("testLoss", loss), new("testAccuracy", accuracy)], string.Create(CultureInfo.InvariantCulture, $"test loss {loss:G5} accuracy {accuracy:P1}"));
    }
}
