namespace Eggroll.Population.Strategies;

/// <summary>Creates the <see cref="Perturbation"/> of the configured strategy.</summary>
public static class PerturbationFactory
{
    /// <summary>The perturbation for <paramref name="config"/> over <paramref name="parameters"/>.</summary>
    /// <exception cref="ConfigException">The config is invalid, or EGGROLL's rank exceeds every perturbed matrix's smaller dimension.</exception>
    public static Perturbation Create(EvolutionConfig config, ParameterSet parameters, ulong seed)
    {
        config.Validate();
        if (config.Strategy == StrategyKind.Eggroll)
        {
            RequireRankWithinMatrices(config.Rank, parameters);
        }

        return config.Strategy switch
        {
            StrategyKind.Eggroll => new LowRankPerturbation(parameters, seed, config.Population, config.Sigma, config.Rank),
            _ => new FullRankPerturbation(parameters, seed, config.Population, config.Sigma),
        };
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
