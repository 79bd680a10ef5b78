using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Rl.Environments.Jumanji;
using Eggroll.Tasks.Rl.Environments.MiniGrid;

namespace Eggroll.Tasks.Rl;

/// <summary>
/// The environments by Gymnasium name: the built-in ones, then those another assembly adds with <see cref="Add"/>
/// (the command line adds the MuJoCo robots of Eggroll.Mujoco at start-up).
/// </summary>
public static class EnvironmentRegistry
{
    private static readonly Lock AddLock = new();

    /// <summary>Every built-in environment, in a fixed order.</summary>
    public static IReadOnlyList<EnvironmentInfo> BuiltIn { get; } =
    [
        new(CartPole.Name, () => new CartPole(), 475),
        new(Pendulum.Name, () => new Pendulum(), -200),
        new(Acrobot.Name, () => new Acrobot(), -100),
        new(MountainCar.Name, () => new MountainCar(), -110),
        new(MountainCarContinuous.Name, () => new MountainCarContinuous(), 90),
        new(DoorKey.Name, () => new DoorKey(), 0.9),
        new(FourRooms.Name, () => new FourRooms(), 0.5),
        new(DynamicObstacles.Name, () => new DynamicObstacles(), 0.9),
        new(Game2048.Name, () => new Game2048(), 2500),
        new(Knapsack.Name, () => new Knapsack(), 18),
        new(Snake.Name, () => new Snake(), 20),
    ];

    private static IReadOnlyList<EnvironmentInfo> all = BuiltIn;

    /// <summary>Every environment: the built-in ones, then the added ones in the order they were added.</summary>
    public static IReadOnlyList<EnvironmentInfo> All => Volatile.Read(ref all);

    /// <summary>Adds <paramref name="environment"/>; adding one whose name is already taken is refused.</summary>
    public static void Add(EnvironmentInfo environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        lock (AddLock)
        {
            if (Find(environment.Name) is { } known)
            {
                throw new ArgumentException($"An environment called '{known.Name}' is already registered.", nameof(environment));
            }

            Volatile.Write(ref all, [.. all, environment]);
        }
    }

    /// <summary>The environment called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static EnvironmentInfo? Find(string? name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The names, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(e => e.Name));
}
