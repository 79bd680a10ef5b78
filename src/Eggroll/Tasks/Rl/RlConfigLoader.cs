using System.Text.Json.Nodes;
using Eggroll.Training;

namespace Eggroll.Tasks.Rl;

/// <summary>
/// Builds an <see cref="RlRunConfig"/>: the environment's defaults (<see cref="RlDefaults"/>),
/// then the fields of the config file, then the <c>section.field=value</c> overrides. The
/// environment is the one named by the file or an override (<c>env.name</c>), CartPole-v1 if none; with
/// <c>method=ppo</c> the defaults are <see cref="RlDefaults.ForPpo"/>.
/// </summary>
public static class RlConfigLoader
{
    /// <summary>Loads and validates the config; every problem is a <see cref="ConfigException"/> naming the field.</summary>
    public static RlRunConfig Load(string? path, IEnumerable<string> overrides) =>
        ConfigLoader.Load<RlRunConfig>(path, overrides, DefaultsFor);

    /// <summary>The defaults of the environment the given fields name, whose name they then spell as the registry does.</summary>
    private static (RlRunConfig Defaults, string Name) DefaultsFor(JsonObject given)
    {
        var env = given["env"] as JsonObject;
        string name = env?["name"] is JsonValue value && value.TryGetValue(out string? text) ? text : new RlEnvironmentConfig().Name;
        var info = EnvironmentRegistry.Find(name) ?? throw new ConfigException("env.name", $"unknown environment '{Echo.Of(name)}'; use one of {EnvironmentRegistry.Names}.");
        if (env is not null)
        {
            env["name"] = info.Name;
        }

        bool ppo = given["method"] is JsonValue method && method.TryGetValue(out string? methodName) && string.Equals(methodName, nameof(RlMethod.Ppo), StringComparison.OrdinalIgnoreCase);
        return ppo ? (RlDefaults.ForPpo(info.Name), $"PPO defaults of {info.Name}") : (RlDefaults.For(info.Name), $"defaults of {info.Name}");
    }
}
