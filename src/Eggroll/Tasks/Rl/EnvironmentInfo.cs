namespace Eggroll.Tasks.Rl;

/// <summary>An environment: its Gymnasium name, a factory, the mean return at which it counts as solved and, for one defined outside this library, its <c>train rl</c> defaults.</summary>
/// <param name="Name">Gymnasium's id, e.g. "CartPole-v1".</param>
/// <param name="Create">Creates a fresh instance.</param>
/// <param name="SolvedThreshold">Mean return over 100 episodes regarded as solving the task.</param>
/// <param name="Defaults">The default run config of <c>eggroll train rl</c> (see <see cref="RlDefaults.For"/>); null for the built-in environments, whose defaults <see cref="RlDefaults"/> holds.</param>
public sealed record EnvironmentInfo(string Name, Func<IEnvironment> Create, double SolvedThreshold, RlRunConfig? Defaults = null);
