using System.Globalization;
using Eggroll.Models.Rwkv;
using Eggroll.Training;

namespace Eggroll.Tasks.Countdown;

/// <summary>The <see cref="IValidation"/> of a Countdown run: <see cref="CountdownAccuracy"/> on a fixed validation set.</summary>
/// <param name="Model">The model being trained.</param>
/// <param name="Answers">How problems are asked and scored.</param>
/// <param name="Problems">The validation problems.</param>
public sealed record CountdownValidation(RwkvModel Model, CountdownAnswers Answers, IReadOnlyList<CountdownProblem> Problems) : IValidation
{
    /// <inheritdoc/>
    public ValidationReport Validate()
    {
        var result = CountdownAccuracy.Measure(Model, Answers, Problems);
        return new ValidationReport(
            [new("validationAccuracy", Math.Round(result.Accuracy, 6)), new("validationReward", Math.Round(result.MeanReward, 6))],
            string.Create(CultureInfo.InvariantCulture, $"validation accuracy {result.Accuracy:P1}, reward {result.MeanReward:F4}"));
    }
}
