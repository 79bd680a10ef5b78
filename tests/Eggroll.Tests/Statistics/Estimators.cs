using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Statistics;

/// <summary>The estimators under test, made the way a run makes them.</summary>
internal static class Estimators
{
    public const int Members = 64;

    public const float Sigma = 0.1f;

    /// <summary>OpenES for rank 0, EGGROLL of rank <paramref name="rank"/> otherwise.</summary>
    public static IEvolutionStrategy Create(ParameterSet parameters, int rank, ulong seed, int members = Members, float sigma = Sigma) =>
        rank == 0
            ? new FullRankPerturbation(parameters, seed, members, sigma)
            : new LowRankPerturbation(parameters, seed, members, sigma, rank);

    public static string Describe(int rank) => rank == 0 ? "OpenES" : $"EGGROLL rank {rank}";
}
