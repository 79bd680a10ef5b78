namespace Eggroll.Tasks.Rl.Environments.Jumanji;

/// <summary>
/// Jumanji's Knapsack-v1 with its default generator: 50 items with weights and values drawn
/// uniformly from [0, 1) and a bag of capacity 12.5. Action i packs item i when it is not packed yet
/// and its weight fits the remaining capacity; any other choice (an item already packed, or one too
/// heavy) is invalid and ends the episode with the bag as it was. The episode also terminates when
/// no unpacked item fits. The reward is 0 until the terminating step, which pays the total value
/// of the packed items, so the return equals that of Jumanji's default dense reward (each packed
/// item's value when packed); Jumanji's sparse variant would pay 0 after an invalid action.
/// Observation: the 50 weights, the 50 values, the 50 packed flags and the 50 flags of items
/// that can still be packed (Jumanji's action mask). At most 50 steps.
/// </summary>
/// <remarks>State layout: [50 weights, 50 values, 50 packed flags (0 or 1)]; weights and values in [0, 1].</remarks>
public sealed class Knapsack : EpisodicEnvironment
{
    /// <summary>Jumanji's name.</summary>
    public const string Name = "Knapsack-v1";

    /// <summary>Number of items.</summary>
    public const int Items = 50;

    /// <summary>The bag's capacity.</summary>
    public const double Capacity = 12.5;

    private readonly double[] weights = new double[Items];
    private readonly double[] values = new double[Items];
    private readonly bool[] packed = new bool[Items];
    private double remaining;

    /// <summary>Creates the environment.</summary>
    public Knapsack()
        : base(new BoxSpace(new float[4 * Items], Enumerable.Repeat(1f, 4 * Items).ToArray()), new DiscreteSpace(Items, maskOffset: 3 * Items), maxEpisodeSteps: Items, stateSize: 3 * Items)
    {
    }

    /// <inheritdoc/>
    protected override void SampleInitialState(ulong seed)
    {
        var draws = new DrawSequence();
        draws.Restart(seed, 0);
        for (int i = 0; i < Items; i++)
        {
            weights[i] = draws.NextUnit();
            values[i] = draws.NextUnit();
        }

        Array.Clear(packed);
        remaining = Capacity;
    }

    /// <summary>Loads the state after checking all of it, so a rejected state leaves the environment as it was.</summary>
    protected override void LoadState(ReadOnlySpan<double> state)
    {
        double packedWeight = 0;
        for (int i = 0; i < Items; i++)
        {
            double weight = Fraction(state[i], $"weight {i}");
            Fraction(state[Items + i], $"value {i}");
            packedWeight += StateValues.Integer(state[(2 * Items) + i], 0, 1, $"packed {i}") == 1 ? weight : 0;
        }

        if (packedWeight > Capacity)
        {
            throw new ArgumentException($"state: the packed items weigh {packedWeight}, more than the capacity {Capacity}.");
        }

        remaining = Capacity;
        for (int i = 0; i < Items; i++)
        {
            (weights[i], values[i], packed[i]) = (state[i], state[Items + i], state[(2 * Items) + i] == 1);
            remaining -= packed[i] ? weights[i] : 0;
        }
    }

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation)
    {
        for (int i = 0; i < Items; i++)
        {
            observation[i] = (float)weights[i];
            observation[Items + i] = (float)values[i];
            observation[(2 * Items) + i] = packed[i] ? 1 : 0;
            observation[(3 * Items) + i] = Fits(i) ? 1 : 0;
        }
    }

    /// <inheritdoc/>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        int item = ((DiscreteSpace)ActionSpace).IndexOf(action[0]);
        bool valid = Fits(item);
        if (valid)
        {
            packed[item] = true;
            remaining -= weights[item];
        }

        terminated = !valid || !AnyFits();
        return terminated ? PackedValue() : 0;
    }

    private static double Fraction(double value, string field) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentException($"state value {field} must be in [0, 1], got {value}.");

    private bool Fits(int item) => !packed[item] && weights[item] <= remaining;

    private bool AnyFits()
    {
        for (int i = 0; i < Items; i++)
        {
            if (Fits(i))
            {
                return true;
            }
        }

        return false;
    }

    private double PackedValue()
    {
        double total = 0;
        for (int i = 0; i < Items; i++)
        {
            total += packed[i] ? values[i] : 0;
        }

        return total;
    }
}
