namespace Eggroll.Tasks.Rl.Ppo;

/// <summary>
/// PPO's environments: <see cref="Count"/> instances stepped in order, each reset in the same step its episode
/// ends (the observation returned is then the next episode's first; the ended episode's last observation is
/// kept in <see cref="FinalObservation"/>). Episode e of instance i starts from
/// <see cref="EpisodeRandom.EpisodeSeed"/>(run seed, <see cref="Stream"/>, i, e). Episodes run across epochs,
/// so the state of an unfinished episode must survive a checkpoint: the actions taken since its start are
/// kept (<see cref="ActionHistory"/>) and <see cref="Replay"/> rebuilds the environment, the observation and
/// the return by stepping them again, which the deterministic dynamics reproduce exactly.
/// </summary>
internal sealed class PpoEnvironments
{
    /// <summary>The episode-seed stream of PPO training episodes.</summary>
    public const uint Stream = uint.MaxValue - 2;

    private readonly IEnvironment[] environments;
    private readonly ulong seed;
    private readonly int actionSize;
    private readonly int maxSteps;
    private readonly float[] finalObservations;

    /// <summary>Creates <paramref name="count"/> instances with <paramref name="factory"/> and starts episode 0 of each.</summary>
    public PpoEnvironments(Func<IEnvironment> factory, int count, ulong seed)
    {
        environments = Enumerable.Range(0, count).Select(_ => factory()).ToArray();
        this.seed = seed;
        var first = environments[0];
        ObservationSize = first.ObservationSpace.Size;
        actionSize = first.ActionSpace.Size;
        maxSteps = first.MaxEpisodeSteps;
        Observations = new float[count * ObservationSize];
        finalObservations = new float[count * ObservationSize];
        Episodes = new uint[count];
        EpisodeSteps = new int[count];
        Returns = new double[count];
        ActionHistory = new float[count * maxSteps * actionSize];
        for (int i = 0; i < count; i++)
        {
            Start(i);
        }
    }

    /// <summary>Number of instances.</summary>
    public int Count => environments.Length;

    /// <summary>Values per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>The current observation of every instance, row by row.</summary>
    public float[] Observations { get; }

    /// <summary>Episodes finished so far by each instance (the index of its current episode).</summary>
    public uint[] Episodes { get; }

    /// <summary>Steps taken in each instance's current episode.</summary>
    public int[] EpisodeSteps { get; }

    /// <summary>The undiscounted return of each instance's current episode so far.</summary>
    public double[] Returns { get; }

    /// <summary>The actions of each current episode: instance i's step t at (i·maxSteps + t)·actionSize.</summary>
    public float[] ActionHistory { get; }

    /// <summary>The shape of <see cref="ActionHistory"/> for a checkpoint.</summary>
    public int[] HistoryShape => [Count, maxSteps, actionSize];

    /// <summary>The observation of instance <paramref name="index"/>.</summary>
    public Span<float> Observation(int index) => Observations.AsSpan(index * ObservationSize, ObservationSize);

    /// <summary>The last observation of the episode instance <paramref name="index"/> ended most recently (before its reset).</summary>
    public ReadOnlySpan<float> FinalObservation(int index) => finalObservations.AsSpan(index * ObservationSize, ObservationSize);

    /// <summary>
    /// Applies <paramref name="action"/> to instance <paramref name="index"/>. When the episode ends, its return
    /// goes to <paramref name="finishedReturn"/> and the instance starts its next episode at once.
    /// </summary>
    public StepResult Step(int index, ReadOnlySpan<float> action, out double? finishedReturn)
    {
        action.CopyTo(ActionHistory.AsSpan(((index * maxSteps) + EpisodeSteps[index]) * actionSize, actionSize));
        var result = environments[index].Step(action, Observation(index));
        EpisodeSteps[index]++;
        Returns[index] += result.Reward;
        finishedReturn = null;
        if (result.Done)
        {
            finishedReturn = Returns[index];
            Observation(index).CopyTo(finalObservations.AsSpan(index * ObservationSize, ObservationSize));
            Episodes[index]++;
            Start(index);
        }

        return result;
    }

    /// <summary>Puts instance i back in episode <paramref name="episodes"/>[i] after <paramref name="episodeSteps"/>[i] steps of <see cref="ActionHistory"/> (already restored).</summary>
    public void Replay(IReadOnlyList<uint> episodes, IReadOnlyList<int> episodeSteps)
    {
        for (int i = 0; i < Count; i++)
        {
            if (episodeSteps[i] < 0 || episodeSteps[i] >= maxSteps)
            {
                throw new Training.CheckpointException($"environment {i} is {episodeSteps[i]} steps into its episode; episodes end after {maxSteps}.");
            }

            Episodes[i] = episodes[i];
            Start(i);
            for (int t = 0; t < episodeSteps[i]; t++)
            {
                var result = environments[i].Step(ActionHistory.AsSpan(((i * maxSteps) + t) * actionSize, actionSize), Observation(i));
                if (result.Done)
                {
                    throw new Training.CheckpointException($"environment {i}'s saved actions end its episode at step {t + 1}; the checkpoint does not match this environment.");
                }

                EpisodeSteps[i]++;
                Returns[i] += result.Reward;
            }
        }
    }

    private void Start(int index)
    {
        environments[index].Reset(EpisodeRandom.EpisodeSeed(seed, Stream, (uint)index, Episodes[index]), Observation(index));
        EpisodeSteps[index] = 0;
        Returns[index] = 0;
    }
}
