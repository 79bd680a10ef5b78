using Eggroll.Population;

namespace Eggroll.Tasks.Rl;

/// <summary>Mean and spread of a policy's return, without noise and without updating its normaliser.</summary>
public static class PolicyEvaluator
{
    /// <summary>
    /// Runs <paramref name="episodes"/> episodes of the unperturbed policy in lockstep; episode i
    /// starts from <see cref="EpisodeRandom.EpisodeSeed"/>(seed, <see cref="EpisodeRandom.EvaluationStream"/>, 0, i).
    /// </summary>
    public static EvaluationResult Evaluate(Policy policy, Func<IEnvironment> factory, int episodes, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        var rollout = new EpisodeRollout(policy, factory, episodes);
        var seeds = new ulong[episodes];
        for (int i = 0; i < episodes; i++)
        {
            seeds[i] = EpisodeRandom.EpisodeSeed(seed, EpisodeRandom.EvaluationStream, 0, (uint)i);
        }

        var returns = new double[episodes];
        long steps = rollout.Run(seeds, episodes, rows => new ForwardContext(rows, null), returns);
        double mean = returns.Average();
        double std = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / episodes);
        return new EvaluationResult(mean, std, returns, steps);
    }
}
