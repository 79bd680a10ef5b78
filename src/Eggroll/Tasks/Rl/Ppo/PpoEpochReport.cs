using System.Text.Json.Nodes;
using Eggroll.Training;

namespace Eggroll.Tasks.Rl.Ppo;

/// <summary>
/// One PPO epoch (a rollout and its update), written with the fields of the evolution runs' metrics
/// (<c>scoreMean</c>, <c>scoreMin</c>, <c>scoreMax</c>, <c>rows</c> = environment steps) so learning curves
/// compare directly, plus PPO's own diagnostics. The score is over the last (up to) ten training episodes.
/// </summary>
public sealed record PpoEpochReport : IEpochReport
{
    /// <inheritdoc/>
    public long Epoch { get; init; }

    /// <summary>Mean return of the last (up to) ten finished training episodes; NaN before the first.</summary>
    public double ScoreMean { get; init; }

    /// <summary>Smallest of those returns.</summary>
    public double ScoreMin { get; init; }

    /// <summary>Largest of those returns.</summary>
    public double ScoreMax { get; init; }

    /// <summary>Episodes that finished during this epoch.</summary>
    public int Episodes { get; init; }

    /// <summary>Environment steps taken in this epoch.</summary>
    public long Rows { get; init; }

    /// <summary>Mean clipped surrogate loss over the minibatches.</summary>
    public double PolicyLoss { get; init; }

    /// <summary>Mean value loss.</summary>
    public double ValueLoss { get; init; }

    /// <summary>Mean policy entropy.</summary>
    public double Entropy { get; init; }

    /// <summary>Mean approximate KL divergence ((r − 1) − log r) from the rollout's policy.</summary>
    public double ApproxKl { get; init; }

    /// <summary>Fraction of samples whose ratio left [1 − ε, 1 + ε].</summary>
    public double ClipFraction { get; init; }

    /// <summary>The learning rate of this epoch.</summary>
    public double LearningRate { get; init; }

    /// <inheritdoc/>
    public double Seconds { get; init; }

    /// <inheritdoc/>
    public string Summary => $"return {ScoreMean:F1} (last 10 episodes)  kl {ApproxKl:F4}  entropy {Entropy:F3}  {Rows / Math.Max(Seconds, 1e-9):F0} steps/s";

    /// <inheritdoc/>
    public JsonObject ToJson() => new()
    {
        ["epoch"] = Epoch,
        ["scoreMean"] = Finite(ScoreMean),
        ["scoreMin"] = Finite(ScoreMin),
        ["scoreMax"] = Finite(ScoreMax),
        ["episodes"] = Episodes,
        ["rows"] = Rows,
        ["policyLoss"] = Finite(PolicyLoss),
        ["valueLoss"] = Finite(ValueLoss),
        ["entropy"] = Finite(Entropy),
        ["approxKl"] = Finite(ApproxKl),
        ["clipFraction"] = ClipFraction,
        ["learningRate"] = LearningRate,
        ["seconds"] = Seconds,
    };

    private static JsonNode? Finite(double value) => double.IsFinite(value) ? value : null;
}
