using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Rl;

namespace Eggroll.Cli.Config;

/// <summary>
/// Builds an <see cref="RlRunConfig"/>: the environment's defaults (<see cref="RlDefaults"/>),
/// then the fields of the config file, then the <c>section.field=value</c> overrides. The
/// environment is the one named by the file or an override (<c>env.name</c>), CartPole-v1 if none.
/// </summary>
public static class RlConfigLoader
{
    /// <summary>Loads and validates the config; every problem is a <see cref="ConfigException"/> naming the field.</summary>
    public static RlRunConfig Load(string? path, IEnumerable<string> overrides)
    {
        var given = path is null ? new JsonObject() : ConfigLoader.ReadFile(path);
        int applied = 0;
        foreach (string assignment in overrides)
        {
            ConfigLoader.Apply(given, assignment);
            applied++;
        }

        string name = given["env"] is JsonObject env && env["name"] is JsonValue value && value.TryGetValue(out string? text) ? text : new RlEnvironmentConfig().Name;
        var info = EnvironmentRegistry.Find(name) ?? throw new ConfigException("env.name", $"unknown environment '{name}'; use one of {EnvironmentRegistry.Names}.");
        var merged = JsonSerializer.SerializeToNode(RlDefaults.For(info.Name), JsonDefaults.Options)!.AsObject();
        Merge(merged, given);
        merged["env"]!["name"] = info.Name;
        string source = (path ?? $"defaults of {info.Name}") + (applied > 0 ? " with command-line overrides" : "");
        return FromNode(merged, source);
    }

    /// <summary>Converts a complete JSON tree (e.g. a checkpoint's run) to a validated config.</summary>
    public static RlRunConfig FromNode(JsonNode node, string source) => ConfigLoader.FromNode<RlRunConfig>(node, source, c => c.Validate());

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
