using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Models.Egg;
using Eggroll.Training;

namespace Eggroll.Tasks.Language;

/// <summary>
/// Checkpoints of integer EGG training: a directory with <c>state.json</c> (format, next epoch, model shape,
/// the run's config, the tensors file and its SHA-256) and <c>tensors-&lt;epoch&gt;.safetensors</c> holding each
/// parameter as an I8 tensor under its name. The tensors are written first, then <c>state.json</c> is
/// replaced atomically. Noise and data depend only on (seed, epoch), so this is everything a resume needs.
/// </summary>
public static class EggCheckpoint
{
    /// <summary>Name of the state file.</summary>
    public const string StateFileName = CheckpointFiles.StateFileName;

    private const string Format = "eggroll-egg-v1";

    /// <summary>Saves <paramref name="model"/> before epoch <paramref name="epoch"/> with the run's config.</summary>
    public static void Save(string directory, EggModel model, long epoch, JsonNode run)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tensors = model.Parameters.Select(p => RawTensor.FromInt8(p.Name, [p.Rows, p.Columns], p.Values)).ToList();
        CheckpointFiles.Save(
            directory,
            epoch,
            s => SafeTensors.WriteRaw(s, tensors, new Dictionary<string, string> { ["format"] = Format }),
            (tensorsFile, sha256) =>
            {
                var state = new JsonObject
                {
                    ["format"] = Format,
                    ["epoch"] = epoch,
                    ["width"] = model.Config.Width,
                    ["layers"] = model.Config.Layers,
                    ["tensorsFile"] = tensorsFile,
                    ["tensorsSha256"] = sha256,
                    ["run"] = run?.DeepClone(),
                };
                return s => s.Write(System.Text.Encoding.UTF8.GetBytes(state.ToJsonString(JsonDefaults.Options)));
            });
    }

    /// <summary>Loads a checkpoint: the model, the next epoch and the stored run config.</summary>
    /// <exception cref="CheckpointException">The directory has no valid checkpoint; the message names the file and the problem.</exception>
    public static (EggModel Model, long Epoch, JsonObject Run) Load(string directory)
    {
        string statePath = Path.Combine(directory, StateFileName);
        if (!File.Exists(statePath))
        {
            throw new CheckpointException($"{statePath}: no checkpoint (file not found).");
        }

        try
        {
            var state = JsonNode.Parse(File.ReadAllText(statePath)) as JsonObject ?? throw new InvalidDataException("not a JSON object.");
            if (state["format"]?.GetValue<string>() != Format)
            {
                throw new InvalidDataException($"format is not {Format}.");
            }

            var config = new EggConfig(Required(state, "width").GetValue<int>(), Required(state, "layers").GetValue<int>());
            string tensorsPath = Path.Combine(directory, Required(state, "tensorsFile").GetValue<string>());
            if (!FileHash.Matches(tensorsPath, Required(state, "tensorsSha256").GetValue<string>()))
            {
                throw new InvalidDataException($"{tensorsPath} does not match its SHA-256 (corrupt or replaced).");
            }

            var tensors = SafeTensors.ReadRaw(tensorsPath);
            var values = EggModel.Shapes(config).Select(s =>
            {
                var tensor = tensors.GetValueOrDefault(s.Name) ?? throw new InvalidDataException($"tensor '{s.Name}' is missing.");
                if (!tensor.Shape.SequenceEqual([s.Rows, s.Columns]))
                {
                    throw new InvalidDataException($"tensor '{s.Name}' has shape [{string.Join(", ", tensor.Shape)}], expected [{s.Rows}, {s.Columns}].");
                }

                return tensor.ToInt8();
            }).ToList();
            var run = state["run"] as JsonObject ?? new JsonObject();
            return (EggModel.FromValues(config, values), Required(state, "epoch").GetValue<long>(), (JsonObject)run.DeepClone());
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException or InvalidOperationException or FormatException or ConfigException)
        {
            throw new CheckpointException($"{statePath}: {e.Message}");
        }
    }

    private static JsonNode Required(JsonObject state, string field) =>
        state[field] ?? throw new InvalidDataException($"field '{field}' is missing.");
}
