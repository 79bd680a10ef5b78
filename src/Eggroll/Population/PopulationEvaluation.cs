using Eggroll.Population.Strategies;

namespace Eggroll.Population;

/// <summary>What an <see cref="IObjective"/> gets for one epoch: the epoch, the seed and the strategy perturbing the population.</summary>
public sealed class PopulationEvaluation
{
    private ForwardContext? lastContext;

    /// <summary>Creates the evaluation of epoch <paramref name="epoch"/>.</summary>
    public PopulationEvaluation(long epoch, ulong seed, IEvolutionStrategy perturbation)
    {
        Epoch = epoch;
        Seed = seed;
        Perturbation = perturbation;
    }

    /// <summary>The 0-based epoch being evaluated; objectives derive their data sampling from it and <see cref="Seed"/>.</summary>
    public long Epoch { get; private set; }

    /// <summary>The run seed.</summary>
    public ulong Seed { get; }

    /// <summary>The strategy perturbing the population.</summary>
    public IEvolutionStrategy Perturbation { get; }

    /// <summary>Population size N.</summary>
    public int MemberCount => Perturbation.MemberCount;

    /// <summary>Rows pushed through the model so far this epoch (counted by <see cref="CreateContext"/>).</summary>
    public long RowsEvaluated { get; private set; }

    /// <summary>
    /// A forward context for a batch laid out as <paramref name="rows"/>; counts its rows towards
    /// <see cref="RowsEvaluated"/>. Asking again with the same layout returns the same context.
    /// </summary>
    public ForwardContext CreateContext(MemberRows rows)
    {
        RowsEvaluated += rows.RowCount;
        if (!ReferenceEquals(lastContext?.Rows, rows))
        {
            lastContext = new ForwardContext(rows, Perturbation);
        }

        return lastContext!;
    }

    /// <summary>Starts the evaluation of <paramref name="epoch"/>, reusing this object.</summary>
    internal void Begin(long epoch)
    {
        Epoch = epoch;
        RowsEvaluated = 0;
    }
}
