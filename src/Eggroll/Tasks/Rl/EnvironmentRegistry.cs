using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Rl.Environments.Jumanji;
using Eggroll.Tasks.Rl.Environments.MiniGrid;

namespace Eggroll.Tasks.Rl;

/// <summary>The built-in environments by Gymnasium, MiniGrid or Jumanji name.</summary>
public static class EnvironmentRegistry
{
    /// <summary>Every built-in environment, in a fixed order.</summary>
    public static IReadOnlyList<EnvironmentInfo> All { get; } =
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

    /// <summary>The environment called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static EnvironmentInfo? Find(string? name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The names, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(e => e.Name));
}
