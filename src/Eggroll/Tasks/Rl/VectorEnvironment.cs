using Eggroll.Numerics;

namespace Eggroll.Tasks.Rl;

/// <summary>
/// Many instances of one environment stepped together, one row of the observation, action and
/// reward batches per instance (e.g. one per population member and episode slot).
/// <see cref="Finished"/> marks instances whose episode ended. Without <see cref="AutoReset"/>
/// a finished instance is left alone by <see cref="Step"/> (reward 0, flags false, observation
/// row untouched) until the next <see cref="Reset"/>: this runs exactly one episode per
/// instance. With it, <see cref="Step"/> resets a finished instance instead of stepping it
/// (Gymnasium's "next-step" auto-reset): that row gets the new episode's first observation,
/// reward 0 and both flags false, and the episode seed is derived from the instance's reset
/// seed and its episode count. Instances are independent, so stepping them on several threads
/// gives the same results.
/// </summary>
public sealed class VectorEnvironment
{
    private const int ChunkSize = 32;
    private readonly IEnvironment[] environments;
    private readonly bool[] finished;
    private readonly ulong[] seeds;
    private readonly uint[] episodes;
    private readonly Action<int> stepChunk;
    private (Matrix Actions, Matrix Observations, double[] Rewards, bool[] Terminated, bool[] Truncated) stepping;

    /// <summary>Creates <paramref name="count"/> instances with <paramref name="factory"/>.</summary>
    public VectorEnvironment(Func<IEnvironment> factory, int count, bool autoReset = false)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        environments = new IEnvironment[count];
        for (int i = 0; i < count; i++)
        {
            environments[i] = factory();
        }

        finished = new bool[count];
        seeds = new ulong[count];
        episodes = new uint[count];
        AutoReset = autoReset;
        stepChunk = StepChunk;
    }

    /// <summary>Number of instances (rows).</summary>
    public int Count => environments.Length;

    /// <summary>Whether finished instances are reset by the next <see cref="Step"/>.</summary>
    public bool AutoReset { get; }

    /// <summary>The observation space of every instance.</summary>
    public BoxSpace ObservationSpace => environments[0].ObservationSpace;

    /// <summary>The action space of every instance.</summary>
    public Space ActionSpace => environments[0].ActionSpace;

    /// <summary>Instance i's episode is over (terminated or truncated) and it has not been reset since.</summary>
    public ReadOnlySpan<bool> Finished => finished;

    /// <summary>Starts an episode in every instance, instance i from <paramref name="episodeSeeds"/>[i]; row i of <paramref name="observations"/> receives its first observation.</summary>
    public void Reset(ReadOnlySpan<ulong> episodeSeeds, Matrix observations)
    {
        if (episodeSeeds.Length != Count)
        {
            throw new ArgumentException($"Need {Count} seeds, got {episodeSeeds.Length}.", nameof(episodeSeeds));
        }

        RequireShape(observations, ObservationSpace.Size, nameof(observations));
        episodeSeeds.CopyTo(seeds);
        Array.Clear(episodes);
        Array.Clear(finished);
        for (int i = 0; i < Count; i++)
        {
            environments[i].Reset(seeds[i], observations.Row(i));
        }
    }

    /// <summary>
    /// Applies row i of <paramref name="actions"/> to instance i (see the class remarks for finished
    /// instances) and writes its observation, reward and flags into row / element i of the outputs.
    /// </summary>
    public void Step(Matrix actions, Matrix observations, double[] rewards, bool[] terminated, bool[] truncated)
    {
        RequireShape(actions, ActionSpace.Size, nameof(actions));
        RequireShape(observations, ObservationSpace.Size, nameof(observations));
        if (rewards.Length < Count || terminated.Length < Count || truncated.Length < Count)
        {
            throw new ArgumentException($"Reward and flag arrays need {Count} elements.", nameof(rewards));
        }

        stepping = (actions, observations, rewards, terminated, truncated);
        try
        {
            Parallelism.For((Count + ChunkSize - 1) / ChunkSize, stepChunk);
        }
        finally
        {
            stepping = default;
        }
    }

    private void StepChunk(int chunk)
    {
        var (actions, observations, rewards, terminated, truncated) = stepping;
        for (int i = chunk * ChunkSize; i < Math.Min(Count, (chunk + 1) * ChunkSize); i++)
        {
            if (finished[i])
            {
                rewards[i] = 0;
                terminated[i] = truncated[i] = false;
                if (AutoReset)
                {
                    episodes[i]++;
                    environments[i].Reset(EpisodeRandom.EpisodeSeed(seeds[i], episodes[i], 0, 0), observations.Row(i));
                    finished[i] = false;
                }

                continue;
            }

            var result = environments[i].Step(actions.Row(i), observations.Row(i));
            rewards[i] = result.Reward;
            terminated[i] = result.Terminated;
            truncated[i] = result.Truncated;
            finished[i] = result.Done;
        }
    }

    private void RequireShape(Matrix matrix, int cols, string name)
    {
        if (matrix.Rows != Count || matrix.Cols != cols)
        {
            throw new ArgumentException($"Expected a {Count}×{cols} matrix, got {matrix.Rows}×{matrix.Cols}.", name);
        }
    }
}
