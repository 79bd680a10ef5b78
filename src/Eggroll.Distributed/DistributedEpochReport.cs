using System.Globalization;
using System.Text.Json.Nodes;
using Eggroll.Training;

namespace Eggroll.Distributed;

/// <summary>
/// One distributed epoch: the replica's report (for the float ES job: scores, shaping, update norms, the rows the workers evaluated) plus the
/// estimated payload bytes the coordinator sent and received during the epoch and the members each worker scored.
/// </summary>
public sealed class DistributedEpochReport : IEpochReport
{
    /// <summary>Creates the report.</summary>
    public DistributedEpochReport(IEpochReport metrics, long bytesSent, long bytesReceived, IReadOnlyDictionary<long, long> workerMembers)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(workerMembers);
        Metrics = metrics;
        BytesSent = bytesSent;
        BytesReceived = bytesReceived;
        WorkerMembers = workerMembers;
    }

    /// <summary>The replica's metrics of the epoch.</summary>
    public IEpochReport Metrics { get; }

    /// <summary>Payload bytes sent to workers during the epoch (estimate, without Orleans' framing).</summary>
    public long BytesSent { get; }

    /// <summary>Payload bytes received from workers during the epoch (estimate, without Orleans' framing).</summary>
    public long BytesReceived { get; }

    /// <summary>Members each worker scored in the epoch (the answers used), by worker key.</summary>
    public IReadOnlyDictionary<long, long> WorkerMembers { get; }

    /// <inheritdoc/>
    public long Epoch => Metrics.Epoch;

    /// <inheritdoc/>
    public double Seconds => Metrics.Seconds;

    /// <inheritdoc/>
    public string Summary => $"{Metrics.Summary}  sent {BytesSent / 1024.0:F1} KiB, received {BytesReceived / 1024.0:F1} KiB, members by worker {string.Join('/', WorkerMembers.OrderBy(w => w.Key).Select(w => w.Value))}";

    /// <inheritdoc/>
    public JsonObject ToJson()
    {
        var record = Metrics.ToJson();
        record["bytesSent"] = BytesSent;
        record["bytesReceived"] = BytesReceived;
        var members = new JsonObject();
        foreach (var (worker, count) in WorkerMembers.OrderBy(w => w.Key))
        {
            members[worker.ToString(CultureInfo.InvariantCulture)] = count;
        }

        record["workerMembers"] = members;
        return record;
    }
}
