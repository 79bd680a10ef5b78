using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Training;

namespace Eggroll.Distributed;

/// <summary>
/// A replica's whole state, as a checkpoint holds it: its completed epochs, its saved state (counters and options, as
/// JSON) and every state tensor's bytes. The coordinator sends it to a worker that is behind by more epochs than the
/// coordinator keeps scores for (after a coordinator restart from a checkpoint it keeps none).
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record ReplicaSnapshot([property: Id(0)] long Epoch, [property: Id(1)] string State, [property: Id(2)] SnapshotTensor[] Tensors)
{
    /// <summary>Bytes of the tensors and the state text (what the snapshot costs on the wire, without framing).</summary>
    public long Bytes => State.Length + Tensors.Sum(t => (long)t.Bytes.Length + t.Name.Length + 4L * t.Shape.Length + 8);

    /// <summary>A copy of <paramref name="job"/>'s state now.</summary>
    public static ReplicaSnapshot Of(ITrainingJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var tensors = job.StateTensors().Select(t => t.Values switch
        {
            float[] f => SnapshotTensor.Of(RawTensor.FromFloat(t.Name, [.. t.Shape], f)),
            sbyte[] s => SnapshotTensor.Of(RawTensor.FromInt8(t.Name, [.. t.Shape], s)),
            _ => throw new InvalidOperationException($"state tensor '{t.Name}' holds {t.Values.GetType().Name}."),
        }).ToArray();
        return new ReplicaSnapshot(job.Epoch, job.SaveState().ToJsonString(), tensors);
    }

    /// <summary>Puts <paramref name="job"/> into this state; the job refuses it (and keeps its own) when its options or tensors differ.</summary>
    /// <exception cref="CheckpointException">The snapshot belongs to another configuration or model.</exception>
    public void RestoreInto(ITrainingJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var state = JsonNode.Parse(State) as JsonObject ?? throw new CheckpointException("the coordinator's state is not a JSON object.");
        var tensors = Tensors.ToDictionary(t => t.Name, t => new RawTensor(t.Name, (TensorDType)t.DType, t.Shape, t.Bytes));
        job.Restore(Epoch, state, new CheckpointTensors(tensors, "the coordinator's state"));
    }
}
