namespace Eggroll.Tasks.Rl;

/// <summary>What one environment step returns besides the observation.</summary>
/// <param name="Reward">The reward of the transition.</param>
/// <param name="Terminated">The episode reached a terminal state of the task (e.g. the pole fell, the goal was reached).</param>
/// <param name="Truncated">The episode hit its step limit (<see cref="IEnvironment.MaxEpisodeSteps"/>); may be true together with <paramref name="Terminated"/>.</param>
public readonly record struct StepResult(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>The episode is over (terminated or truncated).</summary>
    public bool Done => Terminated || Truncated;
}
