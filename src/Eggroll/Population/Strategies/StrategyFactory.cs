using System.Text.Json;

namespace Eggroll.Population.Strategies;

/// <summary>Creates the <see cref="IEvolutionStrategy"/> a configuration names; an unknown <see cref="StrategyKind"/> is a configuration error.</summary>
public static class StrategyFactory
{
    private static readonly Dictionary<StrategyKind, Func<EvolutionConfig, ParameterSet, ulong, IEvolutionStrategy>> Creators = new()
    {
        [StrategyKind.Eggroll] = (config, parameters, seed) => new LowRankPerturbation(parameters, seed, config.Population, config.Sigma, config.Rank),
        [StrategyKind.OpenEs] = (config, parameters, seed) => new FullRankPerturbation(parameters, seed, config.Population, config.Sigma),
    };

    /// <summary>The strategies this factory creates.</summary>
    public static IReadOnlyCollection<StrategyKind> Known => Creators.Keys;

    /// <summary>The strategy <paramref name="config"/> names over <paramref name="parameters"/>; throws <see cref="ConfigException"/> if the configuration is invalid.</summary>
    public static IEvolutionStrategy Create(EvolutionConfig config, ParameterSet parameters, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return Creators[config.Strategy](config, parameters, seed);
    }

    /// <summary>Throws <see cref="ConfigException"/> for <paramref name="field"/>, listing the known values, unless <paramref name="strategy"/> is known.</summary>
    internal static void RequireKnown(StrategyKind strategy, string field)
    {
        if (!Creators.ContainsKey(strategy))
        {
            string known = string.Join(", ", Creators.Keys.Select(k => JsonNamingPolicy.CamelCase.ConvertName(k.ToString())));
            throw new ConfigException(field, $"unknown strategy {strategy}; use one of {known}.");
        }
    }
}
