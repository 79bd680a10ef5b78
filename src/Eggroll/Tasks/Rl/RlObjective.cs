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
/// fixed during an epoch, record every observation the population sees, and are updated after
/// it; they are saved in checkpoints as "objective.obs_norm.*".
/// </summary>
public sealed class RlObjective : IObjective, ICheckpointedState
{
    private readonly Policy policy;
    private readonly Func<IEnvironment> factory;
    private EpisodeRollout? rollout;
    private ulong[] seeds = [];
    private double[] returns = [];

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

    /// <inheritdoc/>
    public void Evaluate(PopulationEvaluation evaluation, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        int members = evaluation.MemberCount, first = evaluation.FirstMember, k = EpisodesPerMember, slots = members * k;
        if (policy.Normalizer is not null && members != evaluation.Perturbation.MemberCount)
        {
            throw new NotSupportedException($"Observation normalisation updates its statistics from every member's observations, so it cannot score a range of members ([{first}, {first + members}) of {evaluation.Perturbation.MemberCount}); evaluate the whole population or turn normalisation off.");
        }

        if (rollout is null || rollout.SlotCount != slots)
        {
            rollout = new EpisodeRollout(policy, factory, slots);
            seeds = new ulong[slots];
            returns = new double[slots];
        }

        for (int s = 0; s < slots; s++)
        {
            seeds[s] = EpisodeRandom.EpisodeSeed(evaluation.Seed, (uint)evaluation.Epoch, (uint)((first + (s / k)) / 2), (uint)(s % k));
        }

        LastEpochSteps = rollout.Run(seeds, k, evaluation.CreateContext, returns, recordObservations: true, firstMember: first);
        for (int t = 0; t < members; t++)
        {
            double sum = 0;
            for (int e = 0; e < k; e++)
            {
                sum += returns[(t * k) + e];
            }

            scores[t] = (float)(sum / k);
        }

        policy.Normalizer?.Commit();
    }

    /// <inheritdoc/>
    public IEnumerable<(string Name, float[] Values)> StateTensors() =>
        policy.Normalizer?.StateTensors().Select(s => ("obs_norm." + s.Name, s.Values)) ?? [];
}
