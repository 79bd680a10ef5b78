namespace Eggroll.Tasks.Rl.Environments;

/// <summary>
/// The car-on-a-hill shared by <see cref="MountainCar"/> and <see cref="MountainCarContinuous"/>:
/// state and observation [position, velocity], position in [−1.2, 0.6], speed at most 0.07,
/// gravity 0.0025, initial position U(−0.6, −0.4) with velocity 0.
/// </summary>
public abstract class MountainCarBase : EpisodicEnvironment
{
    private const double MinPosition = -1.2, MaxPosition = 0.6, MaxSpeed = 0.07, Gravity = 0.0025;

    /// <summary>Sets the action space and the step limit.</summary>
    private protected MountainCarBase(Space actionSpace, int maxEpisodeSteps)
        : base(new BoxSpace([(float)MinPosition, -(float)MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]), actionSpace, maxEpisodeSteps, stateSize: 2)
    {
    }

    /// <summary>Current position.</summary>
    protected double Position { get; private set; }

    /// <summary>Current velocity.</summary>
    protected double Velocity { get; private set; }

    /// <inheritdoc/>
    protected override void SampleInitialState(ulong seed)
    {
        Position = EpisodeRandom.Uniform(seed, 0, -0.6, -0.4);
        Velocity = 0;
    }

    /// <summary>State layout [position, velocity].</summary>
    protected override void LoadState(ReadOnlySpan<double> state)
    {
        Position = state[0];
        Velocity = state[1];
    }

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation)
    {
        observation[0] = (float)Position;
        observation[1] = (float)Velocity;
    }

    /// <summary>
    /// One step under the engine's acceleration <paramref name="push"/>: velocity ← clip(velocity +
    /// push − 0.0025·cos(3·position), ±0.07), position ← clip(position + velocity, −1.2, 0.6), and
    /// the velocity is zeroed when the car sits on the left wall moving left.
    /// </summary>
    protected void Move(double push)
    {
        Velocity = Math.Clamp(Velocity + push - (Gravity * Math.Cos(3 * Position)), -MaxSpeed, MaxSpeed);
        Position = Math.Clamp(Position + Velocity, MinPosition, MaxPosition);
        if (Position == MinPosition && Velocity < 0)
        {
            Velocity = 0;
        }
    }
}
