using System.Text.Json;

namespace Eggroll.Population.Strategies;

/// <summary>Creates the <see cref="IEvolutionStrategy"/> a configuration names; an unknown <see cref="StrategyKind"/> is a configuration error.</summary>
public static class StrategyFactory
{
    private static readonly Dictionary<StrategyKind, Func<EvolutionConfig, ParameterSet, ulong, IEvolutionStrategy>> Creators = new()
    {
        [StrategyKind.Eggroll] = (config, parameters, seed) => new LowRankPerturbation(parameters, seed, config.Population, config.Sigma, config.Rank, config.NoiseTable, config.Noise),
        [StrategyKind.OpenEs] = (config, parameters, seed) => new FullRankPerturbation(parameters, seed, config.Population, config.Sigma),
    };

    /// <summary>The strategies this factory creates.</summary>
    public static IReadOnlyCollection<StrategyKind> Known => Creators.Keys;

    /// <summary>The strategy <paramref name="config"/> names over <paramref name="parameters"/>.</summary>
    /// <exception cref="ConfigException">The config is invalid, or EGGROLL's rank exceeds the smaller dimension of every perturbed matrix.</exception>
    public static IEvolutionStrategy Create(EvolutionConfig config, ParameterSet parameters, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(parameters);
        config.Validate();
        if (config.Strategy == StrategyKind.Eggroll)
        {
            RequireRankWithinMatrices(config.Rank, parameters);
        }

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

    /// <summary>
    /// Refuses a rank larger than min(rows, cols) of the largest perturbed matrix: the factors would then be wider than
    /// any matrix they perturb, a mistaken setting that costs time. (Smaller matrices, e.g. a 1-output layer, may be narrower.)
    /// </summary>
    private static void RequireRankWithinMatrices(int rank, ParameterSet parameters)
    {
        var widest = parameters.Entries
            .Where(e => e.Parameter.Kind != ParameterKind.Vector && !e.Parameter.Frozen)
            .MaxBy(e => Math.Min(e.Parameter.Rows, e.Parameter.Cols));
        if (widest.Parameter is { } matrix && rank > Math.Min(matrix.Rows, matrix.Cols))
        {
            throw new ConfigException(
                "evolution.rank",
                $"must not exceed min(rows, cols) of the largest perturbed matrix, {Math.Min(matrix.Rows, matrix.Cols)} ({widest.Name}: {matrix.Rows}×{matrix.Cols}), got {rank}.");
        }
    }
}
