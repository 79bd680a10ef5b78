using Eggroll.Tasks.Rl.Environments;

namespace Eggroll.Tasks.Rl;

/// <summary>The built-in environments by Gymnasium name.</summary>
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
    ];

    /// <summary>The environment called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static EnvironmentInfo? Find(string? name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The names, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(e => e.Name));
}
