using System.Text.Json.Nodes;

namespace Eggroll.Training;

/// <summary>What one epoch of a <see cref="ITrainingJob"/> did.</summary>
public interface IEpochReport
{
    /// <summary>1-based number of the epoch.</summary>
    long Epoch { get; }

    /// <summary>Wall time of the epoch in seconds.</summary>
    double Seconds { get; }

    /// <summary>A short human-readable summary for progress lines (without the epoch number).</summary>
    string Summary { get; }

    /// <summary>The report as one metrics record: <c>epoch</c> first, then the kind's own fields.</summary>
    JsonObject ToJson();
}
