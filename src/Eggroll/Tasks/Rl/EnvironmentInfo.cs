namespace Eggroll.Tasks.Rl;

/// <summary>A built-in environment: its Gymnasium name, a factory and the mean return at which it counts as solved.</summary>
/// <param name="Name">Gymnasium's id, e.g. "CartPole-v1".</param>
/// <param name="Create">Creates a fresh instance.</param>
/// <param name="SolvedThreshold">Mean return over 100 episodes regarded as solving the task.</param>
public sealed record EnvironmentInfo(string Name, Func<IEnvironment> Create, double SolvedThreshold);
