using Eggroll.Population;
using Eggroll.Training;

namespace Eggroll.Tasks.Rl;

/// <summary>
/// Fitness of a member = its mean undiscounted return over <see cref="EpisodesPerMember"/>
/// episodes. All N·k episodes of the population run in lockstep (<see cref="EpisodeRollout"/>),
/// one batched policy forward per time step. Episode e of member t starts from
/// <see cref="EpisodeRandom.EpisodeSeed"/>(run seed, epoch, pair t/2, e), so both members of an
/// antithetic pair face the same episodes; t is the population index, so a range of members scores as it would
/// within the whole population. With observation normalisation, the statistics stay
/// fixed during an epoch; each member reports the <see cref="ObservationMoments"/> of the observations it saw as its
/// member statistics, and the update folds them into the statistics in member order, so a range of members evaluated
/// elsewhere reports exactly what it would within the population. They are saved in checkpoints as "objective.obs_norm.*".
/// </summary>
public sealed class RlObjective : IMemberStatisticsObjective, ICheckpointedState
{
    private readonly Policy policy;
    private readonly Func<IEnvironment> factory;
    private EpisodeRollout? rollout;
    private ulong[] seeds = [];
    private double[] returns = [];
    private double[] moments = [];

    /// <summary>Creates the objective for <paramref name="policy"/> on environments made by <paramref name="factory"/>.</summary>
    public RlObjective(Policy policy, Func<IEnvironment> factory, int episodesPerMember)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodesPerMember, 1);
        this.policy = policy;
        this.factory = factory;
        EpisodesPerMember = episodesPerMember;
    }

    /// <summary>Episodes per member per epoch (k).</summary>
    public int EpisodesPerMember { get; }

    /// <summary>Environment steps taken in the last epoch.</summary>
    public long LastEpochSteps { get; private set; }

    /// <summary>The length of a member's observation moments with normalisation (1 + 2 × observation size), else 0.</summary>
    public int MemberStatisticsLength => policy.Normalizer is { } normalizer ? ObservationMoments.BlockLength(normalizer.Size) : 0;

    /// <inheritdoc/>
    public void Evaluate(PopulationEvaluation evaluation, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        int members = evaluation.MemberCount, first = evaluation.FirstMember, k = EpisodesPerMember, slots = members * k;
        if (rollout is null || rollout.SlotCount != slots)
        {
            rollout = new EpisodeRollout(policy, factory, slots);
            seeds = new ulong[slots];
            returns = new double[slots];
        }

        if (moments.Length != members * MemberStatisticsLength)
        {
            moments = new double[members * MemberStatisticsLength];
        }

        Array.Clear(moments);

        for (int s = 0; s < slots; s++)
        {
            seeds[s] = EpisodeRandom.EpisodeSeed(evaluation.Seed, (uint)evaluation.Epoch, (uint)((first + (s / k)) / 2), (uint)(s % k));
        }

        LastEpochSteps = rollout.Run(seeds, k, evaluation.CreateContext, returns, moments, first);
        for (int t = 0; t < members; t++)
        {
            double sum = 0;
            for (int e = 0; e < k; e++)
            {
                sum += returns[(t * k) + e];
            }

            scores[t] = (float)(sum / k);
        }
    }

    /// <inheritdoc/>
    public void WriteMemberStatistics(Span<double> destination) => moments.CopyTo(destination);

    /// <inheritdoc/>
    public string? DescribeInvalid(ReadOnlySpan<double> memberStatistics)
    {
        int length = MemberStatisticsLength;
        if (length == 0)
        {
            return NoMemberStatistics.DescribeInvalid(memberStatistics);
        }

        if (memberStatistics.Length % length != 0)
        {
            return $"{memberStatistics.Length} values are not whole members' observation moments ({length} each)";
        }

        for (int member = 0; member < memberStatistics.Length / length; member++)
        {
            if (ObservationMoments.Problem(memberStatistics.Slice(member * length, length)) is { } problem)
            {
                return $"the observation moments of the range's member {member}: {problem}";
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public void Commit(ReadOnlySpan<double> everyMember) => policy.Normalizer?.Commit(everyMember);

    /// <inheritdoc/>
    public IEnumerable<(string Name, float[] Values)> StateTensors() =>
        policy.Normalizer?.StateTensors().Select(s => ("obs_norm." + s.Name, s.Values)) ?? [];
}
