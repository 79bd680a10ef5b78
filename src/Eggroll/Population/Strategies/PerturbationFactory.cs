namespace Eggroll.Population.Strategies;

/// <summary>Creates the <see cref="Perturbation"/> of the configured strategy.</summary>
public static class PerturbationFactory
{
    /// <summary>The perturbation for <paramref name="config"/> over <paramref name="parameters"/>.</summary>
    public static Perturbation Create(EvolutionConfig config, ParameterSet parameters, ulong seed)
    {
        config.Validate();
        return config.Strategy switch
        {
            StrategyKind.Eggroll => new LowRankPerturbation(parameters, seed, config.Population, config.Sigma, config.Rank),
            _ => new FullRankPerturbation(parameters, seed, config.Population, config.Sigma),
        };
    }
}
