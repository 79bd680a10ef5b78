using System.Globalization;
using System.Text.Json.Nodes;
using Eggroll.Training;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>One epoch of RWKV-7 language-model training, with the fields an EGG run writes for the learning curve.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainBitsPerByte">Population mean of −log₂ p(next byte) on the epoch's windows.</param>
/// <param name="NonFiniteScores">Members whose score was NaN or infinite.</param>
/// <param name="Tokens">Bytes predicted by the whole population.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record RwkvEpochMetrics(long Epoch, double TrainBitsPerByte, int NonFiniteScores, long Tokens, double Seconds) : IEpochReport
{
    /// <summary>Bytes predicted per second.</summary>
    public double TokensPerSecond => Seconds > 0 ? Tokens / Seconds : 0;

    /// <inheritdoc/>
    public string Summary => string.Create(CultureInfo.InvariantCulture, $"train {TrainBitsPerByte:F4} bits/byte  {TokensPerSecond:N0} tokens/s");

    /// <inheritdoc/>
    public JsonObject ToJson() => new()
    {
        ["epoch"] = Epoch,
        ["trainBitsPerByte"] = Math.Round(TrainBitsPerByte, 5),
        ["nonFiniteScores"] = NonFiniteScores,
        ["tokens"] = Tokens,
        ["tokensPerSecond"] = Math.Round(TokensPerSecond),
        ["seconds"] = Math.Round(Seconds, 4),
    };
}
