using Eggroll.Training;

namespace Eggroll.Tasks.Countdown;

/// <summary>
/// How hard generated problems are: how many numbers, how large, and the target range. The default is the task's
/// (3 or 4 numbers in 1..100, targets 100..999); smaller settings make a curriculum for small models.
/// </summary>
public sealed record CountdownDifficulty
{
    /// <summary>The task's difficulty.</summary>
    public static CountdownDifficulty Default { get; } = new();

    /// <summary>A first rung of a curriculum for small models: 2 or 3 numbers in 1..20, targets 1..100.</summary>
    public static CountdownDifficulty Easy { get; } = new() { MinNumbers = 2, MaxNumbers = 3, MaxNumber = 20, MinTarget = 1, MaxTarget = 100 };

    /// <summary>Fewest given numbers (at least 2).</summary>
    public int MinNumbers { get; init; } = 3;

    /// <summary>Most given numbers (at most 6).</summary>
    public int MaxNumbers { get; init; } = 4;

    /// <summary>Largest given number; numbers are drawn from 1..MaxNumber.</summary>
    public int MaxNumber { get; init; } = CountdownGenerator.MaxNumber;

    /// <summary>Smallest target.</summary>
    public int MinTarget { get; init; } = CountdownGenerator.MinTarget;

    /// <summary>Largest target.</summary>
    public int MaxTarget { get; init; } = CountdownGenerator.MaxTarget;

    /// <summary>Throws <see cref="ConfigException"/> naming the field (prefixed by <paramref name="prefix"/>) when a value is out of range.</summary>
    public void Validate(string prefix = "")
    {
        ConfigChecks.InRange(MinNumbers, 2, 6, prefix + "minNumbers");
        ConfigChecks.InRange(MaxNumbers, MinNumbers, 6, prefix + "maxNumbers");
        ConfigChecks.InRange(MaxNumber, 2, 10_000, prefix + "maxNumber");
        ConfigChecks.InRange(MinTarget, 1, 1_000_000, prefix + "minTarget");
        ConfigChecks.InRange(MaxTarget, MinTarget, 1_000_000, prefix + "maxTarget");
        double largest = Math.Pow(MaxNumber, MaxNumbers);
        if (MinTarget > largest)
        {
            throw new ConfigException(prefix + "minTarget", $"{MinTarget} cannot be reached with {MaxNumbers} numbers up to {MaxNumber} (at most {largest}).");
        }
    }
}
