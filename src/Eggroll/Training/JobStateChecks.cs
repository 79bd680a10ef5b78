using System.Text.Json.Nodes;
using Eggroll.IO;

namespace Eggroll.Training;

/// <summary>Checks a job's saved state (<see cref="ITrainingJob.SaveState"/>) on restore, with errors that name the field.</summary>
public static class JobStateChecks
{
    /// <summary>Throws unless the state's "options" serialise (compact) to <paramref name="current"/>.</summary>
    /// <exception cref="CheckpointException">They differ; the message shows both.</exception>
    public static void RequireOptions(JsonObject state, string current)
    {
        ArgumentNullException.ThrowIfNull(state);
        string saved = state["options"]?.ToJsonString(JsonDefaults.Compact) ?? "(none)";
        if (saved != current)
        {
            throw new CheckpointException($"the checkpoint was written with options {saved} but this run uses {current}; resume with the checkpoint's options.");
        }
    }

    /// <summary>The whole number ≥ 0 under <paramref name="field"/>.</summary>
    /// <exception cref="CheckpointException">It is missing or not a whole number ≥ 0.</exception>
    public static long Count(JsonObject state, string field)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state[field] is JsonValue value && value.TryGetValue(out long count) && count >= 0
            ? count
            : throw new CheckpointException($"field job.{field} is missing or not a whole number ≥ 0.");
    }
}
