using System.Globalization;
using System.Text.Json.Nodes;
using Eggroll.Training;

namespace Eggroll.Tasks.Countdown;

/// <summary>One epoch of EGGROLL fine-tuning on Countdown.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="MeanReward">Population mean of the members' fitness (mean reward over their prompts).</param>
/// <param name="MaxReward">Best member's fitness.</param>
/// <param name="CorrectFraction">Fraction of all the population's answers that were correct.</param>
/// <param name="GeneratedTokens">Tokens the population generated this epoch.</param>
/// <param name="TotalGeneratedTokens">Tokens generated since the run began (training only, not validation).</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record CountdownEpochMetrics(long Epoch, double MeanReward, double MaxReward, double CorrectFraction, long GeneratedTokens, long TotalGeneratedTokens, double Seconds) : IEpochReport
{
    /// <inheritdoc/>
    public string Summary => string.Create(CultureInfo.InvariantCulture, $"reward {MeanReward:F4} (best {MaxReward:F4})  correct {CorrectFraction:P1}  {GeneratedTokens:N0} tokens");

    /// <inheritdoc/>
    public JsonObject ToJson() => new()
    {
        ["epoch"] = Epoch,
        ["meanReward"] = Math.Round(MeanReward, 6),
        ["maxReward"] = Math.Round(MaxReward, 6),
        ["correctFraction"] = Math.Round(CorrectFraction, 6),
        ["generatedTokens"] = GeneratedTokens,
        ["totalGeneratedTokens"] = TotalGeneratedTokens,
        ["seconds"] = Math.Round(Seconds, 4),
    };
}
