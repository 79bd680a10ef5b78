using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments.Jumanji;

namespace Eggroll.Tests.Rl;

/// <summary>Jumanji's Knapsack: packing, the invalid choices that end an episode, the final reward.</summary>
public sealed class KnapsackTests
{
    private const int N = Knapsack.Items;

    [Fact]
    public void ResetDrawsFiftyWeightsAndValuesInTheUnitIntervalWithNothingPacked()
    {
        var env = new Knapsack();
        var observation = new float[env.ObservationSpace.Size];
        double weightSum = 0;
        for (ulong seed = 0; seed < 20; seed++)
        {
            env.Reset(seed, observation);
            Assert.All(observation[..(2 * N)], v => Assert.InRange(v, 0f, 1f));
            Assert.All(observation[(2 * N)..(3 * N)], v => Assert.Equal(0f, v));
            Assert.All(observation[(3 * N)..], v => Assert.Equal(1f, v));
            weightSum += observation[..N].Sum();
        }

        Assert.InRange(weightSum / 20, 22.0, 28.0);
    }

    [Fact]
    public void PackingAnItemThatFitsPaysNothingYetAndMarksIt()
    {
        var env = new Knapsack();
        var observation = Load(env, Weights(0.5), Values(0.25));

        Assert.Equal(new StepResult(0, false, false), env.Step([7], observation));
        Assert.Equal(1f, observation[(2 * N) + 7]);
        Assert.Equal(0f, observation[(3 * N) + 7]);
        Assert.Equal(1f, observation[(3 * N) + 8]);
    }

    [Fact]
    public void TakingAnItemAgainEndsTheEpisodeWithTheValueOfTheBag()
    {
        var env = new Knapsack();
        var values = Values(0.25);
        values[3] = 0.75;
        var observation = Load(env, Weights(0.5), values);
        env.Step([3], observation);
        env.Step([4], observation);

        var result = env.Step([3], observation);

        Assert.Equal(new StepResult(1.0, true, false), result);
    }

    [Fact]
    public void AnItemHeavierThanTheRemainingCapacityEndsTheEpisodeUnpacked()
    {
        var env = new Knapsack();
        var weights = Weights(1.0);
        weights[0] = 0.25;
        var observation = Load(env, weights, Values(0.5), packed: Enumerable.Range(1, 12));

        Assert.Equal(0f, observation[(3 * N) + 20]);
        var result = env.Step([20], observation);

        Assert.Equal(new StepResult(6.0, true, false), result);
        Assert.Equal(0f, observation[(2 * N) + 20]);
    }

    [Fact]
    public void TheEpisodeEndsWhenNoUnpackedItemFits()
    {
        var env = new Knapsack();
        var weights = Weights(1.0);
        weights[0] = 0.5;
        var observation = Load(env, weights, Values(0.5), packed: Enumerable.Range(1, 12));
        Assert.Equal(1f, observation[3 * N]);

        Assert.Equal(new StepResult(6.5, true, false), env.Step([0], observation));
        Assert.All(observation[(3 * N)..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AStateOverTheCapacityIsRejected()
    {
        var env = new Knapsack();
        var error = Assert.Throws<ArgumentException>(() => Load(env, Weights(1.0), Values(0.5), packed: Enumerable.Range(0, 13)));

        Assert.Contains("capacity", error.Message, StringComparison.Ordinal);
    }

    private static double[] Weights(double weight) => Enumerable.Repeat(weight, N).ToArray();

    private static double[] Values(double value) => Enumerable.Repeat(value, N).ToArray();

    private static float[] Load(Knapsack env, double[] weights, double[] values, IEnumerable<int>? packed = null)
    {
        var state = new double[3 * N];
        weights.CopyTo(state, 0);
        values.CopyTo(state, N);
        foreach (int i in packed ?? [])
        {
            state[(2 * N) + i] = 1;
        }

        var observation = new float[env.ObservationSpace.Size];
        env.SetState(state, observation);
        return observation;
    }
}
