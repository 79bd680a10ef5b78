using Eggroll.Population.Strategies;

namespace Eggroll.Population;

/// <summary>
/// What an <see cref="IObjective"/> gets for one epoch: the epoch, the seed, the strategy perturbing the population
/// and the members to score, [<see cref="FirstMember"/>, FirstMember + <see cref="MemberCount"/>): the whole
/// population, or a pair-aligned range of it when the population is split over several machines.
/// </summary>
public sealed class PopulationEvaluation
{
    private ForwardContext? lastContext;

    /// <summary>Creates the evaluation of epoch <paramref name="epoch"/>.</summary>
    public PopulationEvaluation(long epoch, ulong seed, IEvolutionStrategy perturbation)
    {
        Epoch = epoch;
        Seed = seed;
        Perturbation = perturbation;
        MemberCount = perturbation.MemberCount;
    }

    /// <summary>The 0-based epoch being evaluated; objectives derive their data sampling from it and <see cref="Seed"/>.</summary>
    public long Epoch { get; private set; }

    /// <summary>The run seed.</summary>
    public ulong Seed { get; }

    /// <summary>The strategy perturbing the population.</summary>
    public IEvolutionStrategy Perturbation { get; }

    /// <summary>The population index of the first member to score (even: ranges start at a pair).</summary>
    public int FirstMember { get; private set; }

    /// <summary>Number of members to score (even); the whole population, N, unless a range was asked for.</summary>
    public int MemberCount { get; private set; }

    /// <summary>Rows pushed through the model so far this epoch (counted by <see cref="CreateContext"/>).</summary>
    public long RowsEvaluated { get; private set; }

    /// <summary>
    /// A forward context for a batch laid out as <paramref name="rows"/>, whose first member must be
    /// <see cref="FirstMember"/>; counts its rows towards <see cref="RowsEvaluated"/>. Asking again with the same
    /// layout returns the same context.
    /// </summary>
    public ForwardContext CreateContext(MemberRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.FirstMember != FirstMember || rows.MemberCount > MemberCount)
        {
            throw new ArgumentException($"The batch covers members [{rows.FirstMember}, {rows.FirstMember + rows.MemberCount}) but this evaluation scores [{FirstMember}, {FirstMember + MemberCount}); lay it out from evaluation.FirstMember.", nameof(rows));
        }

        RowsEvaluated += rows.RowCount;
        if (!ReferenceEquals(lastContext?.Rows, rows))
        {
            lastContext = new ForwardContext(rows, Perturbation);
        }

        return lastContext!;
    }

    /// <summary>
    /// Starts the evaluation of members [<paramref name="firstMember"/>, firstMember + <paramref name="memberCount"/>) in
    /// <paramref name="epoch"/>, reusing this object; the range must be pair-aligned and inside the population.
    /// </summary>
    internal void Begin(long epoch, int firstMember, int memberCount)
    {
        if (firstMember < 0 || memberCount < 0 || firstMember % 2 != 0 || memberCount % 2 != 0 || (long)firstMember + memberCount > Perturbation.MemberCount)
        {
            throw new ArgumentOutOfRangeException(nameof(firstMember), $"Members [{firstMember}, {(long)firstMember + memberCount}) are not a pair-aligned range of the {Perturbation.MemberCount} members (both ends must be even).");
        }

        Epoch = epoch;
        FirstMember = firstMember;
        MemberCount = memberCount;
        RowsEvaluated = 0;
    }
}
