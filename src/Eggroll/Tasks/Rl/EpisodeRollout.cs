using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Tasks.Rl;

/// <summary>
/// Runs exactly one episode in each of a fixed number of environment slots, all in lockstep:
/// at every time step the observations of the slots still running form one batch (in slot
/// order, so each member's rows are contiguous), the policy acts on it in one forward pass, and
/// every running slot steps. Slot s belongs to member s / slotsPerMember. Finished slots leave
/// the batch, so the rows pushed through the model equal the environment steps taken.
/// </summary>
public sealed class EpisodeRollout
{
    private readonly Policy policy;
    private readonly VectorEnvironment environments;
    private readonly Matrix observations;
    private readonly Matrix actions;
    private readonly double[] rewards;
    private readonly bool[] terminated;
    private readonly bool[] truncated;
    private readonly int[] active;
    private Matrix? batchObservations;
    private Matrix? batchActions;

    /// <summary>Creates <paramref name="slotCount"/> instances of the environment made by <paramref name="factory"/>.</summary>
    public EpisodeRollout(Policy policy, Func<IEnvironment> factory, int slotCount)
    {
        ArgumentNullException.ThrowIfNull(policy);
        this.policy = policy;
        environments = new VectorEnvironment(factory, slotCount);
        observations = new Matrix(slotCount, environments.ObservationSpace.Size);
        actions = new Matrix(slotCount, environments.ActionSpace.Size);
        rewards = new double[slotCount];
        terminated = new bool[slotCount];
        truncated = new bool[slotCount];
        active = new int[slotCount];
    }

    /// <summary>Number of slots.</summary>
    public int SlotCount => environments.Count;

    /// <summary>
    /// Runs one episode per slot from <paramref name="seeds"/> and writes each slot's undiscounted
    /// return into <paramref name="returns"/>; returns the number of environment steps taken.
    /// <paramref name="contextFor"/> gives the forward context of each step's batch layout. With
    /// <paramref name="observationMoments"/> not empty, every observation the policy sees is added to its member's
    /// <see cref="ObservationMoments"/> block there (one per member, in member order; a member's observations in time-step
    /// order, its slots in order within a step). Slot s belongs to population member
    /// <paramref name="firstMember"/> + s / slotsPerMember (even: a range starts at a pair).
    /// </summary>
    public long Run(ReadOnlySpan<ulong> seeds, int slotsPerMember, Func<MemberRows, ForwardContext> contextFor, Span<double> returns, Span<double> observationMoments = default, int firstMember = 0)
    {
        ArgumentNullException.ThrowIfNull(contextFor);
        if (slotsPerMember < 1 || SlotCount % slotsPerMember != 0)
        {
            throw new ArgumentException($"{SlotCount} slots cannot be split into groups of {slotsPerMember}.", nameof(slotsPerMember));
        }

        if (returns.Length != SlotCount)
        {
            throw new ArgumentException($"Need room for {SlotCount} returns, got {returns.Length}.", nameof(returns));
        }

        var counts = new int[SlotCount / slotsPerMember];
        int momentsLength = ObservationMoments.BlockLength(observations.Cols);
        if (!observationMoments.IsEmpty && observationMoments.Length != counts.Length * momentsLength)
        {
            throw new ArgumentException($"Need {counts.Length} blocks of {momentsLength} observation moments, got {observationMoments.Length} values.", nameof(observationMoments));
        }

        returns.Clear();
        environments.Reset(seeds, observations);
        long steps = 0;
        while (true)
        {
            int running = CollectRunning(slotsPerMember, counts);
            if (running == 0)
            {
                return steps;
            }

            batchObservations = Matrix.Reuse(batchObservations, running, observations.Cols);
            batchActions = Matrix.Reuse(batchActions, running, actions.Cols);
            for (int i = 0; i < running; i++)
            {
                observations.Row(active[i]).CopyTo(batchObservations.Row(i));
                if (!observationMoments.IsEmpty)
                {
                    ObservationMoments.Record(observationMoments.Slice(active[i] / slotsPerMember * momentsLength, momentsLength), observations.Row(active[i]));
                }
            }

            policy.Act(batchObservations, contextFor(new MemberRows(counts, firstMember)), batchActions);
            for (int i = 0; i < running; i++)
            {
                batchActions.Row(i).CopyTo(actions.Row(active[i]));
            }

            environments.Step(actions, observations, rewards, terminated, truncated);
            for (int i = 0; i < running; i++)
            {
                returns[active[i]] += rewards[active[i]];
            }

            steps += running;
        }
    }

    private int CollectRunning(int slotsPerMember, int[] counts)
    {
        Array.Clear(counts);
        var finished = environments.Finished;
        int running = 0;
        for (int s = 0; s < SlotCount; s++)
        {
            if (!finished[s])
            {
                active[running++] = s;
                counts[s / slotsPerMember]++;
            }
        }

        return running;
    }
}
