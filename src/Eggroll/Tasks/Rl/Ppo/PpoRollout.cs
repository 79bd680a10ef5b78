using Eggroll.Numerics;

namespace Eggroll.Tasks.Rl.Ppo;

/// <summary>
/// One rollout: Steps time steps of every environment with the current policy, stored row t·Envs + e, then
/// GAE(λ) advantages and returns. Observations are stored as the networks saw them (normalised with the
/// statistics fixed for the epoch, which record every raw observation seen). A transition ending an episode
/// does not bootstrap through GAE; when <see cref="PpoConfig.BootstrapTruncation"/> is set, a transition
/// truncated by the time limit (and not terminated) instead gets γ·V(its final observation, normalised like
/// the others but not recorded) added to its reward, as Stable-Baselines3 does. With masking, each transition's
/// valid-action mask is kept (<see cref="Mask"/>) from the raw observation.
/// </summary>
internal sealed class PpoRollout
{
    private readonly PpoConfig config;
    private readonly PpoAgent agent;
    private readonly PpoEnvironments environments;
    private readonly ObservationNormalizer? normalizer;
    private readonly Matrix stepObservations;
    private readonly Matrix finalObservations;
    private readonly bool[] truncated;
    private readonly float[] environmentAction;
    private readonly double[] logProbabilities;
    private readonly float[] rewards;
    private readonly bool[] starts;
    private readonly float[] nextValues;
    private readonly bool[] nextStarts;
    private readonly int maskLength;

    /// <summary>Allocates the buffers of one rollout; <paramref name="maskActions"/> as <see cref="PpoTrainer.MaskActions"/>.</summary>
    public PpoRollout(PpoConfig config, PpoAgent agent, PpoEnvironments environments, ObservationNormalizer? normalizer, bool maskActions = true)
    {
        this.config = config;
        this.agent = agent;
        this.environments = environments;
        this.normalizer = normalizer;
        int batch = config.BatchSize;
        ActionSize = agent.ActionSpace.Size;
        Observations = new Matrix(batch, environments.ObservationSize);
        Actions = new float[batch * ActionSize];
        LogProbs = new float[batch];
        Values = new float[batch];
        Advantages = new float[batch];
        Returns = new float[batch];
        rewards = new float[batch];
        starts = new bool[batch];
        stepObservations = new Matrix(config.Envs, environments.ObservationSize);
        finalObservations = new Matrix(config.Envs, environments.ObservationSize);
        truncated = new bool[config.Envs];
        environmentAction = new float[ActionSize];
        logProbabilities = new double[Policy.OutputSize(agent.ActionSpace)];
        nextValues = new float[config.Envs];
        nextStarts = new bool[config.Envs];
        maskLength = maskActions && agent.ActionSpace is DiscreteSpace { MaskOffset: not null } ? logProbabilities.Length : 0;
        Masks = new float[batch * maskLength];
    }

    /// <summary>Floats per stored action (1 for a discrete index).</summary>
    public int ActionSize { get; }

    /// <summary>The observations fed to the networks, one row per transition.</summary>
    public Matrix Observations { get; }

    /// <summary>The sampled actions (unclipped for a Gaussian head).</summary>
    public float[] Actions { get; }

    /// <summary>Log-probability of each action under the rollout's policy.</summary>
    public float[] LogProbs { get; }

    /// <summary>Each transition's valid-action mask (n values per row, all 1 where the observation marked none valid); empty without masking.</summary>
    public float[] Masks { get; }

    /// <summary>The valid-action mask of transition <paramref name="row"/> (<see cref="ActionMask"/>'s convention): empty without masking.</summary>
    public ReadOnlySpan<float> Mask(int row) => Masks.AsSpan(row * maskLength, maskLength);

    /// <summary>The critic's value of each observation.</summary>
    public float[] Values { get; }

    /// <summary>GAE(λ) advantages.</summary>
    public float[] Advantages { get; }

    /// <summary>Advantages + values: the critic's targets.</summary>
    public float[] Returns { get; }

    /// <summary>
    /// Runs the rollout of <paramref name="epoch"/> and computes advantages. <paramref name="reward"/> receives
    /// (environment, step result, return of the episode it finished or null) and gives the reward to learn from.
    /// </summary>
    public void Collect(ulong seed, long epoch, Func<int, StepResult, double?, float> reward)
    {
        int envs = config.Envs;
        for (int t = 0; t < config.Steps; t++)
        {
            ObserveAll(stepObservations, record: true);
            for (int e = 0; e < envs; e++)
            {
                stepObservations.Row(e).CopyTo(Observations.Row((t * envs) + e));
                starts[(t * envs) + e] = StartsEpisode(e);
                KeepMask(e, (t * envs) + e);
            }

            var output = agent.Actor.Forward(stepObservations);
            var values = agent.Critic.Forward(stepObservations);
            for (int e = 0; e < envs; e++)
            {
                int row = (t * envs) + e;
                Values[row] = values[e, 0];
                LogProbs[row] = (float)Sample(output.Row(e), Mask(row), seed, epoch, row, Actions.AsSpan(row * ActionSize, ActionSize));
            }

            for (int e = 0; e < envs; e++)
            {
                int row = (t * envs) + e;
                ToEnvironment(Actions.AsSpan(row * ActionSize, ActionSize), environmentAction);
                var result = environments.Step(e, environmentAction, out double? finished);
                rewards[row] = reward(e, result, finished);
                truncated[e] = config.BootstrapTruncation && result.Truncated && !result.Terminated;
            }

            if (truncated.Contains(true))
            {
                BootstrapTruncated(t);
            }
        }

        ObserveAll(stepObservations, record: false);
        agent.Critic.Forward(stepObservations).Values.CopyTo(nextValues);
        for (int e = 0; e < envs; e++)
        {
            nextStarts[e] = StartsEpisode(e);
        }

        ComputeAdvantages();
    }

    /// <summary>Keeps environment e's current mask for transition <paramref name="row"/>; a mask marking no action valid is kept as all valid.</summary>
    private void KeepMask(int e, int row)
    {
        if (maskLength == 0)
        {
            return;
        }

        var mask = ActionMask.Of(environments.Observation(e), agent.ActionSpace, masked: true);
        var destination = Masks.AsSpan(row * maskLength, maskLength);
        if (mask.IsEmpty)
        {
            destination.Fill(1f);
        }
        else
        {
            mask.CopyTo(destination);
        }
    }

    private bool StartsEpisode(int e) => environments.EpisodeSteps[e] == 0 && environments.Episodes[e] > 0;

    private void ObserveAll(Matrix destination, bool record)
    {
        for (int e = 0; e < config.Envs; e++)
        {
            var raw = environments.Observation(e);
            if (record)
            {
                normalizer?.Record(raw);
            }

            ToNetwork(raw, destination.Row(e));
        }
    }

    private void ToNetwork(ReadOnlySpan<float> raw, Span<float> destination)
    {
        if (normalizer is null)
        {
            raw.CopyTo(destination);
        }
        else
        {
            normalizer.Normalize(raw, destination);
        }
    }

    /// <summary>Adds γ·V(final observation) to the rewards of step <paramref name="t"/>'s truncated environments; the other rows are zeroed so the batch never depends on stale data.</summary>
    private void BootstrapTruncated(int t)
    {
        int envs = config.Envs;
        for (int e = 0; e < envs; e++)
        {
            if (truncated[e])
            {
                ToNetwork(environments.FinalObservation(e), finalObservations.Row(e));
            }
            else
            {
                finalObservations.Row(e).Clear();
            }
        }

        var values = agent.Critic.Forward(finalObservations);
        for (int e = 0; e < envs; e++)
        {
            if (truncated[e])
            {
                rewards[(t * envs) + e] += config.Gamma * values[e, 0];
            }
        }
    }

    private double Sample(ReadOnlySpan<float> output, ReadOnlySpan<float> mask, ulong seed, long epoch, int row, Span<float> action)
    {
        if (agent.LogStd is not { } logStd)
        {
            ActionHead.LogSoftmax(output, mask, logProbabilities);
            double u = PpoRandom.Uniform(seed, PpoRandom.Purpose.Action, (uint)epoch, (uint)row);
            int chosen = -1;
            double cumulative = 0;
            for (int j = 0; j < logProbabilities.Length; j++)
            {
                if (!ActionMask.IsValid(mask, j))
                {
                    continue;
                }

                chosen = j;
                cumulative += Math.Exp(logProbabilities[j]);
                if (u < cumulative)
                {
                    break;
                }
            }

            action[0] = chosen;
            return logProbabilities[chosen];
        }

        for (int d = 0; d < action.Length; d++)
        {
            double z = PpoRandom.Normal(seed, PpoRandom.Purpose.Action, (uint)epoch, (uint)((row * action.Length) + d));
            action[d] = (float)(output[d] + (Math.Exp(logStd.Value[d]) * z));
        }

        return ActionHead.GaussianLogProb(action, output, logStd.Value);
    }

    private void ToEnvironment(ReadOnlySpan<float> action, Span<float> destination)
    {
        action.CopyTo(destination);
        if (agent.ActionSpace is BoxSpace box)
        {
            for (int d = 0; d < destination.Length; d++)
            {
                destination[d] = Math.Clamp(destination[d], box.Low[d], box.High[d]);
            }
        }
    }

    private void ComputeAdvantages()
    {
        int envs = config.Envs;
        double gamma = config.Gamma, lambda = config.GaeLambda;
        for (int e = 0; e < envs; e++)
        {
            double running = 0;
            for (int t = config.Steps - 1; t >= 0; t--)
            {
                int row = (t * envs) + e;
                bool last = t == config.Steps - 1;
                double continues = (last ? nextStarts[e] : starts[row + envs]) ? 0 : 1;
                double nextValue = last ? nextValues[e] : Values[row + envs];
                double delta = rewards[row] + (gamma * nextValue * continues) - Values[row];
                running = delta + (gamma * lambda * continues * running);
                Advantages[row] = (float)running;
                Returns[row] = (float)(running + Values[row]);
            }
        }
    }
}
