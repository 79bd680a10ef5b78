using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Training;

namespace Eggroll.Training;

/// <summary>What one epoch did; written as one JSON line per epoch.</summary>
public sealed record EpochMetrics : IEpochReport
{
    /// <summary>1-based number of the epoch just completed.</summary>
    public long Epoch { get; init; }

    /// <summary>Mean of the finite raw scores.</summary>
    public double ScoreMean { get; init; }

    /// <summary>Smallest finite raw score.</summary>
    public double ScoreMin { get; init; }

    /// <summary>Largest finite raw score.</summary>
    public double ScoreMax { get; init; }

    /// <summary>Scores that were NaN or ±∞ (treated as the worst finite score).</summary>
    public int NonFiniteScores { get; init; }

    /// <summary>Mean of the shaped fitness.</summary>
    public double ShapedMean { get; init; }

    /// <summary>Standard deviation of the shaped fitness.</summary>
    public double ShapedStd { get; init; }

    /// <summary>L2 norm of the change of each evolving parameter, by qualified name.</summary>
    public IReadOnlyDictionary<string, double> UpdateNorms { get; init; } = new Dictionary<string, double>();

    /// <summary>Wall time of the epoch in seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>Rows pushed through the model during the epoch.</summary>
    public long Rows { get; init; }

    /// <summary>Rows per second over the whole epoch (evaluation and update).</summary>
    public double RowsPerSecond { get; init; }

    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public string Summary => $"score mean {ScoreMean:G5} max {ScoreMax:G5}" +
        (NonFiniteScores > 0 ? $"  non-finite {NonFiniteScores}" : "") + $"  {RowsPerSecond / 1e6:F2}M rows/s";

    /// <inheritdoc />
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, JsonDefaults.Compact)!.AsObject();
}
