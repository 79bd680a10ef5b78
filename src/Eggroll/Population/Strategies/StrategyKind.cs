namespace Eggroll.Population.Strategies;

/// <summary>The evolution strategy that perturbs matrices and embeddings.</summary>
public enum StrategyKind
{
    /// <summary>EGGROLL: rank-r perturbations A·Bᵀ/√r, update estimated by one product per matrix.</summary>
    Eggroll,

    /// <summary>OpenES: full-rank Gaussian perturbations, the baseline.</summary>
    OpenEs,
}
