using System.Globalization;
using System.Text.Json.Nodes;
using Eggroll.Training;

namespace Eggroll.Tasks.Language;

/// <summary>What one epoch of integer EGG training did.</summary>
/// <param name="Epoch">1-based number of the epoch.</param>
/// <param name="TrainBitsPerByte">Mean loss of all members on their training sequences.</param>
/// <param name="Alpha">Target fraction α_t of changed weights.</param>
/// <param name="ActivePairs">Pairs whose two members scored differently.</param>
/// <param name="FractionChanged">Fraction of all weights that moved by ±1.</param>
/// <param name="Tokens">Bytes predicted by the population this epoch.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record EggEpochMetrics(long Epoch, double TrainBitsPerByte, double Alpha, int ActivePairs, double FractionChanged, long Tokens, double Seconds) : IEpochReport
{
    /// <summary>Bytes predicted per second.</summary>
    public double TokensPerSecond => Seconds > 0 ? Tokens / Seconds : 0;

    /// <inheritdoc />
    public string Summary => string.Create(CultureInfo.InvariantCulture, $"train {TrainBitsPerByte:F4} bits/byte  changed {FractionChanged:P3}  {TokensPerSecond:N0} tokens/s");

    /// <inheritdoc />
    public JsonObject ToJson() => new()
    {
        ["epoch"] = Epoch,
        ["trainBitsPerByte"] = Math.Round(TrainBitsPerByte, 5),
        ["alpha"] = Alpha,
        ["activePairs"] = ActivePairs,
        ["fractionChanged"] = FractionChanged,
        ["tokens"] = Tokens,
        ["tokensPerSecond"] = Math.Round(TokensPerSecond),
        ["seconds"] = Math.Round(Seconds, 4),
    };
}
