namespace Eggroll.Rl.Environments;

/// <summary>The car-on-a-hill dynamics shared by <see cref="MountainCar"/> and <see cref="MountainCarContinuous"/>.</summary>
internal static class MountainCarPhysics
{
    public const double MinPosition = -1.2, MaxPosition = 0.6, MaxSpeed = 0.07, Gravity = 0.0025;

    public static BoxSpace ObservationSpace() => new([(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    /// <summary>Position U(−0.6, −0.4), velocity 0.</summary>
    public static (double Position, double Velocity) InitialState(ulong seed) => (EpisodeRandom.Uniform(seed, 0, -0.6, -0.4), 0.0);

    /// <summary>One step under the acceleration <paramref name="push"/> from the engine.</summary>
    public static (double Position, double Velocity) Step(double position, double velocity, double push)
    {
        velocity = Math.Clamp(velocity + push - (Gravity * Math.Cos(3 * position)), -MaxSpeed, MaxSpeed);
        position = Math.Clamp(position + velocity, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0)
        {
            velocity = 0;
        }

        return (position, velocity);
    }
}
